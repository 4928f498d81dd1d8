package dev.berth.cli.command.container;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;

/** {@code berth rm}: {@code DELETE /containers/{id}?force=&v=&link=}, echoing each removed name. */
public final class RmCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth rm [OPTIONS] CONTAINER [CONTAINER...]", "Remove one or more containers", new Options()
        .bool('f', "force", "Force the removal of a running container (uses SIGKILL)")
        .bool('l', "link", "Remove the specified link")
        .bool('v', "volumes", "Remove anonymous volumes associated with the container"), 1, Spec.ANY);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    int code = 0;
    for (String c : args.positional()) {
      String target = Query.path(Containers.path(c)).flag("v", args.bool("volumes")).flag("link", args.bool("link"))
          .flag("force", args.bool("force")).build();
      try {
        ctx.client().delete(target);
        ctx.out().println(c);
      } catch (DaemonException e) {
        ctx.out().flush();
        ctx.err().println("Error response from daemon: " + e.getMessage());
        code = 1;
      }
    }
    return code;
  }
}
