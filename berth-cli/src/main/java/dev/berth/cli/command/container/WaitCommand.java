package dev.berth.cli.command.container;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;

/** {@code berth wait}: blocks on each container in turn and prints its exit code. */
public final class WaitCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth wait CONTAINER [CONTAINER...]",
        "Block until one or more containers stop, then print their exit codes", new Options(), 1, Spec.ANY);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    int code = 0;
    for (String c : args.positional()) {
      try {
        int status = Containers.exitCode(Containers.waitFor(ctx.client(), c, null));
        ctx.out().println(status);
        ctx.out().flush();
      } catch (DaemonException e) {
        ctx.out().flush();
        ctx.err().println("Error response from daemon: " + e.getMessage());
        code = 1;
      } catch (IllegalStateException e) {
        ctx.err().println(e.getMessage());
        code = 1;
      }
    }
    return code;
  }
}
