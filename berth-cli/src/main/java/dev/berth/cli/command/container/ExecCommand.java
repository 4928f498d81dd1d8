package dev.berth.cli.command.container;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonClient;
import dev.berth.cli.client.HttpRequest;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth exec CONTAINER COMMAND [ARG...]} as docker 28 does it: inspect the container first
 * (so "No such container" wins), create the exec, then either start it detached or start it on a
 * hijacked connection, stream its output (and stdin with {@code -i}), and exit with the exec's
 * {@code ExitCode} from {@code GET /exec/{id}/json}.
 */
public final class ExecCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth exec [OPTIONS] CONTAINER COMMAND [ARG...]", "Execute a command in a running container",
        options(), 2, Spec.ANY);
  }

  static Options options() {
    return new Options()
        .bool('d', "detach", "Detached mode: run command in the background")
        .value("detach-keys", "string", "Override the key sequence for detaching a container")
        .list('e', "env", "list", "Set environment variables")
        .list("env-file", "list", "Read in a file of environment variables")
        .bool('i', "interactive", "Keep STDIN open even if not attached")
        .bool("privileged", "Give extended privileges to the command")
        .bool('t', "tty", "Allocate a pseudo-TTY")
        .value('u', "user", "string", "Username or UID (format: \"<name|uid>[:<group|gid>]\")")
        .value('w', "workdir", "string", "Working directory inside the container")
        .stopAtFirstPositional();
  }

  /**
   * The {@code POST /containers/{id}/exec} body, docker's ExecOptions field for field: attach
   * stdout and stderr unless detached, stdin only with {@code -i} and not detached.
   */
  static Map<String, Object> createBody(ParsedArgs a, Map<String, String> env, int[] consoleSize) throws IOException {
    boolean detach = a.bool("detach");
    List<String> pos = a.positional();
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("User", a.value("user", ""));
    b.put("Privileged", a.bool("privileged"));
    b.put("Tty", a.bool("tty"));
    if (consoleSize != null) {
      b.put("ConsoleSize", List.of((long) consoleSize[0], (long) consoleSize[1]));
    }
    b.put("AttachStdin", !detach && a.bool("interactive"));
    b.put("AttachStderr", !detach);
    b.put("AttachStdout", !detach);
    b.put("DetachKeys", a.value("detach-keys", ""));
    b.put("Env", CreateRequest.envList(a, env));
    b.put("WorkingDir", a.value("workdir", ""));
    b.put("Cmd", new ArrayList<>(pos.subList(1, pos.size())));
    return b;
  }

  /** The {@code POST /exec/{id}/start} body. */
  static Map<String, Object> startBody(boolean detach, boolean tty, int[] consoleSize) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("Detach", detach);
    b.put("Tty", tty);
    if (consoleSize != null) {
      b.put("ConsoleSize", List.of((long) consoleSize[0], (long) consoleSize[1]));
    }
    return b;
  }

  static String path(String execId) {
    return "/exec/" + Query.segment(execId);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String container = args.positional().get(0);
    boolean detach = args.bool("detach");
    boolean tty = args.bool("tty");
    boolean interactive = args.bool("interactive");
    String detachKeys = args.value("detach-keys", "");
    TtySession.checkKeys(detachKeys, 1);
    DaemonClient client = ctx.client();
    // docker inspects first so that "No such container" takes precedence over the TTY check
    client.getJson(Containers.path(container) + "/json");
    if (!detach && tty && interactive && !TerminalCheck.stdinIsTerminal()) {
      ctx.err().println("the input device is not a TTY");
      throw CliError.exit(1);
    }
    int[] size = tty && Terminal.isInteractive() ? Terminal.size() : null;
    Map<String, Object> body;
    try {
      body = createBody(args, ctx.env(), size);
    } catch (NoSuchFileException e) {
      throw new CliError("open " + e.getFile() + ": no such file or directory", 1);
    }
    Object created = client.postJson(Containers.path(container) + "/exec", body);
    String execId = created instanceof Map<?, ?> m && m.get("Id") instanceof String s ? s : "";
    if (execId.isEmpty()) {
      throw new CliError("exec ID empty", 1);
    }
    String start = Json.write(startBody(detach, tty, size));
    if (detach) {
      try (HttpResponse r = client.call(new HttpRequest("POST", path(execId) + "/start").json(start))) {
        r.bytes();
      }
      return 0;
    }
    Terminal term = null;
    HttpResponse conn = null;
    TtySession session = TtySession.forExec(client, execId);
    try {
      if (tty && interactive && Terminal.isInteractive()) {
        term = new Terminal();
        term.makeRaw();
      }
      conn = client.call(new HttpRequest("POST", path(execId) + "/start").json(start).upgrade());
      if (tty) {
        session.monitorSize();
      }
      if (interactive) {
        HttpResponse c = conn;
        StreamPump.forwardStdin(tty ? session.watch(ctx.in(), detachKeys) : ctx.in(), c.output(), () -> {
          try {
            c.closeOutput();
          } catch (IOException ignored) {
            // connection already gone
          }
        });
      }
      StreamPump.copy(conn.body(), tty, ctx.out(), ctx.err());
    } finally {
      if (term != null) {
        term.restore();
      }
      if (conn != null) {
        conn.close();
      }
    }
    ctx.out().flush();
    if (session.detached()) {
      // docker exec's words and status when the user leaves with the detach keys; the process runs on
      ctx.err().println("read escape sequence");
      return 1;
    }
    return exitCode(client, execId);
  }

  /** {@code ExitCode} of {@code GET /exec/{id}/json}, waiting briefly while it still reports Running. */
  static int exitCode(DaemonClient client, String execId) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Object v = client.getJson(path(execId) + "/json");
      if (!(v instanceof Map<?, ?> m)) {
        return 0;
      }
      if (Boolean.TRUE.equals(m.get("Running")) && attempt < 100) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return m.get("ExitCode") instanceof Number n ? n.intValue() : 0;
        }
        continue;
      }
      return m.get("ExitCode") instanceof Number n ? n.intValue() : 0;
    }
  }
}
