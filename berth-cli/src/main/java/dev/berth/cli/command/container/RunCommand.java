package dev.berth.cli.command.container;

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
 * {@code berth run}: create, then (unless detached) attach and send the wait request before
 * starting so no output is lost and an auto-removed container's status still arrives, start,
 * stream the output, and exit with the container's status code.
 */
public final class RunCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth run [OPTIONS] IMAGE [COMMAND] [ARG...]", "Create and run a new container from an image",
        ContainerFlags.declare(true), 1, Spec.ANY, true);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    boolean detach = args.bool("detach");
    CreateRequest req = CreateRequest.from(args, detach, ctx.env());
    if (!detach && req.tty() && req.stdin() && !TerminalCheck.stdinIsTerminal()) {
      ctx.err().println("the input device is not a TTY");
      throw CliError.exit(1);
    }
    String detachKeys = args.value("detach-keys", "");
    TtySession.checkKeys(detachKeys, 125);
    DaemonClient client = ctx.client();
    String id = ContainerCreator.create(ctx, req, args.value("pull", "missing"));
    if (detach) {
      start(ctx, client, id, req);
      ctx.out().println(id);
      return 0;
    }
    HttpResponse attach = null;
    if (req.stdin() || req.stdout() || req.stderr()) {
      attach = Containers.attach(client, id, req.stdin(), req.stdout(), req.stderr(), detachKeys);
    }
    HttpResponse wait = Containers.waitFor(client, id, req.autoRemove() ? "removed" : "next-exit");
    Terminal term = null;
    TtySession session = TtySession.forContainer(client, id);
    try {
      if (req.tty() && req.stdin() && Terminal.isInteractive()) {
        term = new Terminal();
        term.makeRaw();
      }
      try {
        start(ctx, client, id, req);
      } catch (CliError e) {
        wait.close();
        throw e;
      }
      if (req.tty()) {
        session.monitorSize();
      } else if (args.bool("sig-proxy", true)) {
        SignalProxy.install(client, id);
      }
      if (attach != null) {
        HttpResponse conn = attach;
        if (req.stdin()) {
          StreamPump.forwardStdin(req.tty() ? session.watch(ctx.in(), detachKeys) : ctx.in(), conn.output(), () -> {
            try {
              conn.closeOutput();
            } catch (IOException ignored) {
              // connection already gone
            }
          });
        }
        StreamPump.copy(attach.body(), req.tty(), ctx.out(), ctx.err());
      }
    } finally {
      if (term != null) {
        term.restore();
      }
      if (attach != null) {
        attach.close();
      }
    }
    ctx.out().flush();
    if (session.detached()) {
      // the user left with the detach keys: the container runs on, as docker run -it does
      wait.close();
      return 0;
    }
    try {
      return Containers.exitCode(wait);
    } catch (IllegalStateException e) {
      throw new CliError("berth: " + e.getMessage(), 125);
    }
  }

  private static void start(Context ctx, DaemonClient client, String id, CreateRequest req) throws IOException {
    try {
      client.post(Containers.path(id) + "/start");
    } catch (DaemonException e) {
      ctx.out().flush();
      ctx.err().println("berth: Error response from daemon: " + e.getMessage());
      ctx.err().println();
      ctx.err().println("Run 'berth run --help' for more information");
      throw CliError.exit(Containers.startFailureCode(e.getMessage()));
    }
  }
}
