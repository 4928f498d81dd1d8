package dev.berth.cli.command.volume;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;

/** {@code berth volume rm}: {@code DELETE /volumes/{name}} for each, echoing the removed names. */
public final class VolumeRmCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth volume rm [OPTIONS] VOLUME [VOLUME...]", "Remove one or more volumes", new Options()
        .bool('f', "force", "Force the removal of one or more volumes"), 1, Spec.ANY);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    int code = 0;
    for (String name : args.positional()) {
      try {
        ctx.client().delete(Query.path("/volumes/" + Query.segment(name)).flag("force", args.bool("force")).build());
      } catch (DaemonException e) {
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
