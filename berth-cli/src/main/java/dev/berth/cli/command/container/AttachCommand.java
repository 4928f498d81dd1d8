package dev.berth.cli.command.container;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonClient;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.io.IOException;
import java.util.Map;

/**
 * {@code berth attach CONTAINER}, docker's shape: the running container's output (raw with a
 * terminal, demultiplexed without), the CLI's stdin unless {@code --no-stdin} or the container has
 * no open stdin, the window size kept in step, signals proxied when there is no terminal. The user
 * leaves with the detach keys (the container runs on) or the container exits, whose status is the
 * CLI's.
 */
public final class AttachCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth attach [OPTIONS] CONTAINER",
        "Attach local standard input, output, and error streams to a running container",
        new Options()
            .value("detach-keys", "string", "Override the key sequence for detaching a container")
            .bool("no-stdin", "Do not attach STDIN")
            .bool("sig-proxy", "Proxy all received signals to the process (default true)"), 1, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String ref = args.positional().get(0);
    String detachKeys = args.value("detach-keys", "");
    TtySession.checkKeys(detachKeys, 1);
    DaemonClient client = ctx.client();
    Object v = client.getJson(Containers.path(ref) + "/json");
    Map<?, ?> c = v instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> state = c.get("State") instanceof Map<?, ?> s ? s : Map.of();
    Map<?, ?> config = c.get("Config") instanceof Map<?, ?> s ? s : Map.of();
    String id = c.get("Id") instanceof String s ? s : ref;
    if (!Boolean.TRUE.equals(state.get("Running"))) {
      throw new CliError("You cannot attach to a stopped container, start it first", 1);
    }
    if (Boolean.TRUE.equals(state.get("Paused"))) {
      throw new CliError("You cannot attach to a paused container, unpause it first", 1);
    }
    boolean tty = Boolean.TRUE.equals(config.get("Tty"));
    boolean stdin = !args.bool("no-stdin") && Boolean.TRUE.equals(config.get("OpenStdin"));
    if (stdin && tty && !TerminalCheck.stdinIsTerminal()) {
      ctx.err().println("the input device is not a TTY");
      throw CliError.exit(1);
    }
    HttpResponse conn = Containers.attach(client, id, stdin, true, true, detachKeys);
    TtySession session = TtySession.forContainer(client, id);
    Terminal term = null;
    try {
      if (tty && stdin && Terminal.isInteractive()) {
        term = new Terminal();
        term.makeRaw();
      }
      if (tty) {
        session.monitorSize();
      } else if (args.bool("sig-proxy", true)) {
        SignalProxy.install(client, id);
      }
      if (stdin) {
        StreamPump.forwardStdin(tty ? session.watch(ctx.in(), detachKeys) : ctx.in(), conn.output(), () -> {
          try {
            conn.closeOutput();
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
      conn.close();
    }
    ctx.out().flush();
    if (session.detached()) {
      // docker attach's words and status when the user leaves; the container runs on
      ctx.err().println("read escape sequence");
      return 1;
    }
    // the stream ended with the container: its status is ours (not-running answers at once once it stopped)
    return Containers.exitCode(Containers.waitFor(client, id, "not-running"));
  }
}
