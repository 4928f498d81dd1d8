package dev.berth.cli.command.image;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.FilterEncoder;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Confirm;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.Human;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code berth image prune}: dangling images, or with -a every unused image. */
public final class ImagePruneCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth image prune [OPTIONS]", "Remove unused images", new Options()
        .bool('a', "all", "Remove all unused images, not just dangling ones")
        .list("filter", "filter", "Provide filter values (e.g. \"until=<timestamp>\")")
        .bool('f', "force", "Do not prompt for confirmation"), 0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    boolean all = args.bool("all");
    String warning = all ? "WARNING! This will remove all images without at least one container associated to them."
        : "WARNING! This will remove all dangling images.";
    if (!args.bool("force") && !Confirm.ask(ctx, warning)) {
      return 0;
    }
    Map<String, List<String>> filters = FilterEncoder.parse(args.list("filter"));
    filters.put("dangling", new ArrayList<>(List.of(all ? "false" : "true")));
    Map<?, ?> r = (Map<?, ?>) ctx.client().postJson(
        Query.path("/images/prune").param("filters", FilterEncoder.encode(filters)).build(), null);
    StringBuilder sb = new StringBuilder();
    if (r != null && r.get("ImagesDeleted") instanceof List<?> l && !l.isEmpty()) {
      sb.append("Deleted Images:\n");
      for (Object o : l) {
        if (o instanceof Map<?, ?> m) {
          if (m.get("Untagged") != null) {
            sb.append("untagged: ").append(m.get("Untagged")).append('\n');
          }
          if (m.get("Deleted") != null) {
            sb.append("deleted: ").append(m.get("Deleted")).append('\n');
          }
        }
      }
      sb.append('\n');
    }
    long space = r != null && r.get("SpaceReclaimed") instanceof Number n ? n.longValue() : 0;
    sb.append("Total reclaimed space: ").append(Human.size(space)).append('\n');
    ctx.out().print(sb);
    return 0;
  }
}
