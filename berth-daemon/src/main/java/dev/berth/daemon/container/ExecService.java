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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
    containers.events().emit(c, "exec_create: " + String.join(" ", cmd), Map.of("execID", id));
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
    if (e.tty) {
      ContainerPaths paths = containers.paths(c);
      Path spec = paths.bundle().resolve("exec-" + e.id + ".json");
      Files.write(spec, Json.plain().writeValueAsBytes(processSpec(c, e, paths)));
      containers.events().emit(c, "exec_start: " + String.join(" ", e.command), Map.of("execID", e.id));
      startTty(e, c, paths, spec, out, in, detach);
      return;
    }
    Launched launched = launch(c, e);
    Process p = launched.process();
    e.running = true;
    e.pid = p.pid();
    containers.events().emit(c, "exec_start: " + String.join(" ", e.command), Map.of("execID", e.id));
    OutputHead runtimeErrors = new OutputHead(4096);
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
        e.exitCode = exitCode(code, runtimeErrors.text());
        containers.events().emit(c, "exec_die", Map.of("execID", e.id, "exitCode", Integer.toString(e.exitCode)));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      } finally {
        e.running = false;
        launched.cleanup();
      }
    };
    if (detach) {
      Thread.ofVirtual().name("exec-" + e.id.substring(0, 12)).start(finish);
    } else {
      finish.run();
    }
  }

  /** What a captured run left: its exit code (-1 when killed at its timeout) and the start of its output. */
  public record Captured(int exitCode, String output, boolean timedOut) {}

  /**
   * Runs a command in a running container the way exec does (its user, working directory and
   * environment), with stdout and stderr captured together up to {@code limit} bytes (a cut is
   * marked "..."), for health probes. A command still running at {@code timeout} is killed with
   * every process it started, so a hanging probe never piles up behind the next one.
   */
  public Captured runCaptured(Container c, List<String> command, Duration timeout, int limit)
      throws IOException, InterruptedException {
    if (!c.state.running() || c.state.paused()) {
      throw ApiException.conflict("container " + c.id + " is not running");
    }
    ExecInstance e = new ExecInstance(ContainerFactory.newId(), c.id, Json.plain().createObjectNode(), command,
        List.of());
    Launched launched = launch(c, e);
    Process p = launched.process();
    p.getOutputStream().close();
    OutputHead output = new OutputHead(limit);
    Thread stdout = pump(p.getInputStream(), null, StreamType.STDOUT, output);
    Thread stderr = pump(p.getErrorStream(), null, StreamType.STDERR, output);
    try {
      boolean exited = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (!exited) {
        launched.killAll();
      }
      // a process the command left in the background may hold the pipes: do not wait on it for long
      stdout.join(Duration.ofSeconds(2));
      stderr.join(Duration.ofSeconds(1));
      return exited ? new Captured(exitCode(p.exitValue(), output.text()), output.text(), false)
          : new Captured(-1, output.text(), true);
    } catch (InterruptedException ex) {
      launched.killAll();
      throw ex;
    } finally {
      launched.cleanup();
    }
  }

  /** The runtime exec under way, and the files it was handed. */
  private record Launched(Process process, Path spec, Path pidFile) {
    /**
     * Kills the process in the container and everything it started (the runtime's exec only
     * relays signals it can catch, so SIGKILL goes to the processes themselves), then the runtime.
     */
    void killAll() throws InterruptedException {
      killTree();
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      killTree(); // in case the pid file appeared only as the runtime went down
    }

    private void killTree() {
      int pid;
      try {
        pid = Integer.parseInt(Files.readString(pidFile).strip());
      } catch (IOException | NumberFormatException notYet) {
        return;
      }
      ProcessHandle.of(pid).ifPresent(h -> {
        List<ProcessHandle> tree = h.descendants().toList();
        h.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
      });
    }

    void cleanup() {
      try {
        Files.deleteIfExists(spec);
        Files.deleteIfExists(pidFile);
      } catch (IOException ignored) {
        // the bundle goes with the container anyway
      }
    }
  }

  /** Writes the process description and starts the runtime's exec with it. */
  private Launched launch(Container c, ExecInstance e) throws IOException {
    ContainerPaths paths = containers.paths(c);
    Path spec = paths.bundle().resolve("exec-" + e.id + ".json");
    Path pidFile = paths.bundle().resolve("exec-" + e.id + ".pid");
    Files.write(spec, Json.plain().writeValueAsBytes(processSpec(c, e, paths)));
    try {
      return new Launched(new ProcessBuilder(containers.runtime().execCommand(c.id, spec, pidFile)).start(), spec,
          pidFile);
    } catch (IOException ex) {
      Files.deleteIfExists(spec);
      throw ex;
    }
  }

  /** The runtime exits 255 when it could not start the command; say why as a shell would. */
  private static int exitCode(int code, String runtimeErrors) {
    if (code == 255 && runtimeErrors.contains("executable file not found")) {
      return 127;
    }
    if (code == 255 && runtimeErrors.contains("permission denied")) {
      return 126;
    }
    return code;
  }

  /** The first bytes of a process's output, shared by its pumps; "..." marks that more was dropped. */
  static final class OutputHead {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int limit;
    private boolean truncated;

    OutputHead(int limit) {
      this.limit = limit;
    }

    synchronized void write(byte[] b, int off, int len) {
      int room = Math.min(len, limit - kept.size());
      if (room > 0) {
        kept.write(b, off, room);
      }
      truncated |= room < len;
    }

    synchronized String text() {
      return kept.toString(StandardCharsets.UTF_8) + (truncated ? "..." : "");
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

  /** Copies one of the process's outputs to the client, framed, and its start to {@code keep}; drains it all. */
  private static Thread pump(InputStream from, OutputStream to, StreamType type, OutputHead keep) {
    return Thread.ofVirtual().start(() -> {
      byte[] buf = new byte[8192];
      boolean clientThere = to != null;
      int n;
      try {
        while ((n = from.read(buf)) > 0) {
          if (keep != null) {
            keep.write(buf, 0, n);
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
      // the container's own set (all berthd holds for exec --privileged), never more than it was given
      (e.privileged ? Capabilities.grantable() : Capabilities.of(c.hostConfig)).forEach(a::add);
    }
    p.put("noNewPrivileges", SecurityOptions.of(c.hostConfig).noNewPrivileges());
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
