package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.api.StreamFrames;
import dev.berth.api.StreamType;
import dev.berth.daemon.server.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code exec}: one more process in a running container, run with the OCI runtime's exec in the
 * container's namespaces, with its user resolved inside the container and the container's
 * environment under its own. Its output streams to the client as it comes; its exit code is kept
 * for exec inspect.
 */
public final class ExecService {
  private final ContainerService containers;
  private final Map<String, ExecInstance> execs = new ConcurrentHashMap<>();

  public ExecService(ContainerService containers) {
    this.containers = containers;
  }

  /** Records an exec for a running container; returns its ID. */
  public String create(String containerRef, ObjectNode request) {
    Container c = containers.require(containerRef);
    if (!c.state.running()) {
      throw ApiException.conflict("container " + c.id + " is not running");
    }
    if (c.state.paused()) {
      throw ApiException.conflict("container " + c.id + " is paused, unpause the container before exec");
    }
    List<String> cmd = SpecGenerator.asStrings(request.get("Cmd"));
    if (cmd.isEmpty()) {
      throw ApiException.badRequest("No exec command specified");
    }
    detachKeys(request.path("DetachKeys").asText(""));
    String id = ContainerFactory.newId();
    execs.put(id, new ExecInstance(id, c.id, request, cmd, SpecGenerator.asStrings(request.get("Env"))));
    return id;
  }

  public ExecInstance require(String id) {
    ExecInstance e = execs.get(id);
    if (e == null) {
      throw ApiException.notFound("No such exec instance: " + id);
    }
    return e;
  }

  /**
   * Runs the exec. Attached, it streams stdout and stderr (Docker's framing) to {@code out} and the
   * client's input to its stdin, and returns when it has exited; detached, it returns at once.
   */
  public void start(ExecInstance e, OutputStream out, InputStream in, boolean detach) throws IOException {
    synchronized (e) {
      if (e.started) {
        throw ApiException.conflict("exec " + e.id + " has already been started");
      }
      e.started = true;
    }
    Container c = containers.require(e.containerId);
    if (!c.state.running()) {
      throw ApiException.conflict("container " + c.id + " is not running");
    }
    ContainerPaths paths = containers.paths(c);
    Path spec = paths.bundle().resolve("exec-" + e.id + ".json");
    Files.write(spec, Json.plain().writeValueAsBytes(processSpec(c, e, paths)));
    if (e.tty) {
      startTty(e, c, paths, spec, out, in, detach);
      return;
    }
    Process p = new ProcessBuilder(containers.runtime().execCommand(c.id, spec)).start();
    e.running = true;
    e.pid = p.pid();
    ByteArrayOutputStream runtimeErrors = new ByteArrayOutputStream();
    boolean attached = !detach;
    Thread stdout = pump(p.getInputStream(), attached && e.attachStdout ? out : null, StreamType.STDOUT, null);
    Thread stderr = pump(p.getErrorStream(), attached && e.attachStderr ? out : null, StreamType.STDERR,
        runtimeErrors);
    if (attached && e.attachStdin && in != null) {
      Thread.ofVirtual().start(() -> {
        try (OutputStream stdin = p.getOutputStream()) {
          in.transferTo(stdin);
        } catch (IOException ignored) {
          // the client or the process went away
        }
      });
    } else {
      p.getOutputStream().close();
    }
    Runnable finish = () -> {
      try {
        int code = p.waitFor();
        stdout.join();
        stderr.join();
        String err = runtimeErrors.toString(StandardCharsets.UTF_8);
        if (code == 255 && err.contains("executable file not found")) {
          code = 127;
        } else if (code == 255 && err.contains("permission denied")) {
          code = 126;
        }
        e.exitCode = code;
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      } finally {
        e.running = false;
        try {
          Files.deleteIfExists(spec);
        } catch (IOException ignored) {
          // the bundle goes with the container anyway
        }
      }
    };
    if (detach) {
      Thread.ofVirtual().name("exec-" + e.id.substring(0, 12)).start(finish);
    } else {
      finish.run();
    }
  }

  /**
   * An exec with a terminal (see {@link TtyExec}): raw output, the client's keys watched for the
   * detach sequence; returns when the session ends, which may leave the process running.
   */
  private void startTty(ExecInstance e, Container c, ContainerPaths paths, Path spec, OutputStream out,
      InputStream in, boolean detach) throws IOException {
    TtyExec tty;
    try {
      tty = TtyExec.launch(containers.runtime(), c.id, paths.bundle(), spec, e);
    } catch (dev.berth.daemon.runtime.OciRuntime.RuntimeFailure failed) {
      Files.deleteIfExists(spec);
      if (out != null && !detach) {
        out.write((failed.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      return;
    } catch (IOException | RuntimeException failed) {
      Files.deleteIfExists(spec);
      e.exitCode = 126;
      throw failed;
    }
    if (detach || out == null) {
      tty.runDetached();
      return;
    }
    try {
      tty.attach(out, e.attachStdin ? in : null, detachKeys(e.detachKeys));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sets an exec's terminal size now, or when its terminal appears. */
  public void resize(ExecInstance e, int rows, int cols) throws IOException {
    if (!e.tty) {
      return;
    }
    e.consoleSize = new int[] {rows, cols};
    TtyExec t = e.console;
    if (t != null && e.running) {
      t.resize(rows, cols);
    }
  }

  /** The client of an attached exec went away. */
  public void clientGone(ExecInstance e) {
    TtyExec t = e.console;
    if (t != null) {
      t.clientGone();
    }
  }

  /** Parses detach keys, a client's mistake answered with 400. */
  static byte[] detachKeys(String spec) {
    try {
      return dev.berth.api.DetachKeys.parse(spec);
    } catch (IllegalArgumentException bad) {
      throw ApiException.badRequest(bad.getMessage());
    }
  }

  /** Docker's {@code ConsoleSize} [rows, columns], or null when absent or zero. */
  static int[] size(com.fasterxml.jackson.databind.JsonNode n) {
    if (n == null || !n.isArray() || n.size() != 2) {
      return null;
    }
    int rows = n.get(0).asInt(0);
    int cols = n.get(1).asInt(0);
    return rows > 0 && cols > 0 ? new int[] {rows, cols} : null;
  }

  /** Copies one of the process's outputs to the client, framed; keeps stderr's start to explain failures. */
  private static Thread pump(InputStream from, OutputStream to, StreamType type, ByteArrayOutputStream keep) {
    return Thread.ofVirtual().start(() -> {
      byte[] buf = new byte[8192];
      boolean clientThere = to != null;
      int n;
      try {
        while ((n = from.read(buf)) > 0) {
          if (keep != null && keep.size() < 4096) {
            keep.write(buf, 0, Math.min(n, 4096 - keep.size()));
          }
          if (clientThere) {
            try {
              synchronized (to) {
                to.write(StreamFrames.frame(type, buf, 0, n));
              }
            } catch (IOException clientGone) {
              clientThere = false; // keep draining so the process never blocks on a full pipe
            }
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
  }

  private static ObjectNode processSpec(Container c, ExecInstance e, ContainerPaths paths) throws IOException {
    String userSpec = e.user.isEmpty() ? c.config.path("User").asText("") : e.user;
    UserResolver.Ids user = UserResolver.resolve(paths.rootfs(), userSpec);
    ObjectNode p = Json.plain().createObjectNode();
    p.put("terminal", e.tty);
    int[] size = e.consoleSize;
    if (e.tty && size != null) {
      ObjectNode cs = p.putObject("consoleSize");
      cs.put("height", size[0]);
      cs.put("width", size[1]);
    }
    ObjectNode u = p.putObject("user");
    u.put("uid", user.uid());
    u.put("gid", user.gid());
    if (!user.additionalGids().isEmpty()) {
      ArrayNode gids = u.putArray("additionalGids");
      user.additionalGids().forEach(gids::add);
    }
    ArrayNode args = p.putArray("args");
    e.command.forEach(args::add);
    Map<String, String> env = new LinkedHashMap<>();
    for (List<String> source : List.of(ContainerFactory.processEnv(c), e.env)) {
      for (String kv : source) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
    }
    ArrayNode envs = p.putArray("env");
    env.forEach((k, v) -> envs.add(k + "=" + v));
    String cwd = !e.workingDir.isEmpty() ? e.workingDir : c.config.path("WorkingDir").asText("");
    p.put("cwd", cwd.isEmpty() ? "/" : cwd);
    ObjectNode caps = p.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      ArrayNode a = caps.putArray(set);
      SpecGenerator.DEFAULT_CAPS.forEach(a::add);
    }
    p.put("noNewPrivileges", false);
    return p;
  }

  /** Exec inspect, in Docker's shape. */
  public Map<String, Object> inspect(ExecInstance e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", e.id);
    m.put("Running", e.running);
    m.put("ExitCode", e.exitCode);
    Map<String, Object> pc = new LinkedHashMap<>();
    pc.put("tty", e.tty);
    pc.put("entrypoint", e.command.get(0));
    pc.put("arguments", new ArrayList<>(e.command.subList(1, e.command.size())));
    pc.put("privileged", e.privileged);
    pc.put("user", e.user);
    m.put("ProcessConfig", pc);
    m.put("OpenStdin", e.attachStdin);
    m.put("OpenStderr", e.attachStderr);
    m.put("OpenStdout", e.attachStdout);
    m.put("CanRemove", false);
    m.put("ContainerID", e.containerId);
    m.put("DetachKeys", e.detachKeys);
    m.put("Pid", e.pid);
    return m;
  }

  /** Forgets the execs of a removed container. */
  void forget(String containerId) {
    execs.values().removeIf(e -> e.containerId.equals(containerId));
  }

}
