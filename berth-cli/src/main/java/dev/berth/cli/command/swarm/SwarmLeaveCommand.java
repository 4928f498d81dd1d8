package dev.berth.cli.command.swarm;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;

/** {@code berth swarm leave [--force]}: {@code POST /swarm/leave}, printing docker's confirmation. */
public final class SwarmLeaveCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth swarm leave [OPTIONS]", "Leave the swarm", new Options()
        .bool('f', "force", "Force this node to leave the swarm, ignoring warnings"), 0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    try {
      ctx.client().postJson(Query.path("/swarm/leave").flag("force", args.bool("force")).build(), null);
    } catch (DaemonException e) {
      ctx.err().println("Error response from daemon: " + e.getMessage());
      return 1;
    }
    ctx.out().println("Node left the swarm.");
    return 0;
  }
}
