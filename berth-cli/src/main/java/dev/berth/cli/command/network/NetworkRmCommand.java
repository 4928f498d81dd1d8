package dev.berth.cli.command.network;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;

/**
 * {@code berth network rm}: {@code DELETE /networks/{id}} for each name, printing the name on
 * success; a failure is reported and the others are still removed, the exit code then being 1.
 */
public final class NetworkRmCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth network rm NETWORK [NETWORK...]", "Remove one or more networks", new Options()
        .bool('f', "force", "Do not error if the network does not exist"), 1, Spec.ANY);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    int code = 0;
    for (String name : args.positional()) {
      try {
        ctx.client().delete(Networks.path(name));
      } catch (DaemonException e) {
        if (args.bool("force") && e.isNotFound()) {
          continue;
        }
        ctx.out().flush();
        ctx.err().println("Error response from daemon: " + e.getMessage());
        code = 1;
        continue;
      }
      ctx.out().println(name);
    }
    return code;
  }
}
