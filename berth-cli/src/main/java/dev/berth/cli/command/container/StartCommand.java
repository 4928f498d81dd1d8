package dev.berth.cli.command.container;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonClient;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.io.IOException;

/**
 * {@code berth start}: starts each container and prints its name; with {@code -a} it attaches
 * first, streams the output and returns the container's exit code, as docker does.
 */
public final class StartCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth start [OPTIONS] CONTAINER [CONTAINER...]", "Start one or more stopped containers",
        new Options().bool('a', "attach", "Attach STDOUT/STDERR and forward signals")
            .value("detach-keys", "string", "Override the key sequence for detaching a container")
            .bool('i', "interactive", "Attach container's STDIN"), 1, Spec.ANY);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    DaemonClient client = ctx.client();
    boolean attach = args.bool("attach");
    boolean interactive = args.bool("interactive");
    if (attach || interactive) {
      if (args.positional().size() > 1) {
        throw new CliError("Error: you cannot start and attach multiple containers at once", 1);
      }
      String id = args.positional().get(0);
      String detachKeys = args.value("detach-keys", "");
      TtySession.checkKeys(detachKeys, 1);
      boolean tty = Containers.hasTty(client, id);
      HttpResponse conn = Containers.attach(client, id, interactive, true, true, detachKeys);
      TtySession session = TtySession.forContainer(client, id);
      HttpResponse wait = Containers.waitFor(client, id, "next-exit");
      Terminal term = null;
      if (tty && interactive && Terminal.isInteractive()) {
        term = new Terminal();
        term.makeRaw();
      }
      try {
        try {
          client.post(Containers.path(id) + "/start");
        } catch (DaemonException e) {
          ctx.err().println("Error response from daemon: " + e.getMessage());
          throw CliError.exit(Containers.startFailureCode(e.getMessage()) == 125 ? 1 : Containers.startFailureCode(e.getMessage()));
        }
        if (!tty) {
          SignalProxy.install(client, id);
        } else {
          session.monitorSize();
        }
        if (interactive) {
          StreamPump.forwardStdin(tty ? session.watch(ctx.in(), detachKeys) : ctx.in(), conn.output(), () -> {
            try {
              conn.closeOutput();
            } catch (IOException ignored) {
              // already closed
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
        wait.close();
        return 0;
      }
      return Containers.exitCode(wait);
    }
    int code = 0;
    java.util.List<String> failed = new java.util.ArrayList<>();
    for (String c : args.positional()) {
      try {
        client.post(Containers.path(c) + "/start");
        ctx.out().println(c);
      } catch (DaemonException e) {
        ctx.out().flush();
        ctx.err().println("Error response from daemon: " + e.getMessage());
        code = 1;
        failed.add(c);
      }
    }
    if (code != 0) {
      ctx.err().println("Error: failed to start containers: " + String.join(", ", failed));
    }
    return code;
  }
}
