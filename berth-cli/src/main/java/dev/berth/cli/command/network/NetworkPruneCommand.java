package dev.berth.cli.command.network;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.FilterEncoder;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Confirm;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.util.List;
import java.util.Map;

/** {@code berth network prune}: {@code POST /networks/prune}, listing the removed networks as docker does. */
public final class NetworkPruneCommand implements Command {
  static final String WARNING = "WARNING! This will remove all custom networks not used by at least one container.";

  @Override
  public Spec spec() {
    return new Spec("berth network prune [OPTIONS]", "Remove all unused networks", new Options()
        .list("filter", "filter", "Provide filter values (e.g. \"until=<timestamp>\")")
        .bool('f', "force", "Do not prompt for confirmation"), 0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    if (!args.bool("force") && !Confirm.yes(ctx, WARNING)) {
      return 0;
    }
    Map<?, ?> r = (Map<?, ?>) ctx.client().postJson(
        Query.path("/networks/prune").param("filters", FilterEncoder.encode(args.list("filter"))).build(), null);
    if (r != null && r.get("NetworksDeleted") instanceof List<?> l && !l.isEmpty()) {
      StringBuilder sb = new StringBuilder("Deleted Networks:\n");
      for (Object o : l) {
        sb.append(o).append('\n');
      }
      // docker prints the report with Fprintln, so a blank line follows the list.
      ctx.out().println(sb);
    }
    return 0;
  }
}
