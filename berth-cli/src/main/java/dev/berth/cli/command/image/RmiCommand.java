package dev.berth.cli.command.image;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.util.List;
import java.util.Map;

/** {@code berth rmi}: {@code DELETE /images/{name}}, printing the Untagged:/Deleted: lines. */
public final class RmiCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth rmi [OPTIONS] IMAGE [IMAGE...]", "Remove one or more images", new Options()
        .bool('f', "force", "Force removal of the image")
        .bool("no-prune", "Do not delete untagged parents")
        .list("platform", "strings", "Remove only the given platform variant"), 1, Spec.ANY);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    int code = 0;
    for (String image : args.positional()) {
      String target = Query.path(Images.path(image)).flag("force", args.bool("force"))
          .flag("noprune", args.bool("no-prune")).build();
      try {
        Object r = ctx.client().delete(target);
        ctx.out().print(deletions(r));
      } catch (DaemonException e) {
        ctx.out().flush();
        ctx.err().println("Error response from daemon: " + e.getMessage());
        code = 1;
      }
    }
    return code;
  }

  static String deletions(Object r) {
    StringBuilder sb = new StringBuilder();
    if (r instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m) {
          if (m.get("Untagged") != null) {
            sb.append("Untagged: ").append(m.get("Untagged")).append('\n');
          }
          if (m.get("Deleted") != null) {
            sb.append("Deleted: ").append(m.get("Deleted")).append('\n');
          }
        }
      }
    }
    return sb.toString();
  }
}
