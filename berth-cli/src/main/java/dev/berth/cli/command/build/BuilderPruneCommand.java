package dev.berth.cli.command.build;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Confirm;
import dev.berth.cli.command.PruneReport;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
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
    ctx.out().print(PruneReport.of(r, "CachesDeleted", "Deleted build cache objects"));
    return 0;
  }
}
