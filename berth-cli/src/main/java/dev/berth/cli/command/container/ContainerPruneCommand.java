package dev.berth.cli.command.container;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.FilterEncoder;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Confirm;
import dev.berth.cli.command.PruneReport;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.util.Map;

/** {@code berth container prune}: asks unless -f, then lists what was deleted and the space reclaimed. */
public final class ContainerPruneCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth container prune [OPTIONS]", "Remove all stopped containers", new Options()
        .list("filter", "filter", "Provide filter values (e.g. \"until=<timestamp>\")")
        .bool('f', "force", "Do not prompt for confirmation"), 0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    if (!args.bool("force") && !Confirm.ask(ctx, "WARNING! This will remove all stopped containers.")) {
      return 0;
    }
    Map<?, ?> r = (Map<?, ?>) ctx.client().postJson(
        Query.path("/containers/prune").param("filters", FilterEncoder.encode(args.list("filter"))).build(), null);
    ctx.out().print(PruneReport.of(r, "ContainersDeleted", "Deleted Containers"));
    return 0;
  }
}
