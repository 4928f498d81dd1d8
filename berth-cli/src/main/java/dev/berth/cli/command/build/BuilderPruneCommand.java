package dev.berth.cli.command.build;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Confirm;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.Human;
import java.util.List;
import java.util.Map;

/** {@code berth builder prune}: {@code POST /build/prune}, dropping the build cache. */
public final class BuilderPruneCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth builder prune [OPTIONS]", "Remove build cache", new Options()
        .bool('a', "all", "Remove all unused build cache, not just dangling ones")
        .list("filter", "filter", "Provide filter values (e.g. \"until=24h\")")
        .bool('f', "force", "Do not prompt for confirmation"), 0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    if (!args.bool("force") && !Confirm.ask(ctx, "WARNING! This will remove all dangling build cache.")) {
      return 0;
    }
    Map<?, ?> r = (Map<?, ?>) ctx.client().postJson(Query.path("/build/prune")
        .param("all", args.bool("all") ? "1" : null).build(), null);
    StringBuilder sb = new StringBuilder();
    if (r != null && r.get("CachesDeleted") instanceof List<?> l && !l.isEmpty()) {
      sb.append("Deleted build cache objects:\n");
      l.forEach(o -> sb.append(o).append('\n'));
      sb.append('\n');
    }
    long space = r != null && r.get("SpaceReclaimed") instanceof Number n ? n.longValue() : 0;
    sb.append("Total reclaimed space: ").append(Human.size(space)).append('\n');
    ctx.out().print(sb);
    return 0;
  }
}
