package dev.berth.cli.command.volume;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.FilterEncoder;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Confirm;
import dev.berth.cli.command.PruneReport;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code berth volume prune}: {@code POST /volumes/prune}. Only anonymous volumes go unless
 * {@code --all}, as with API 1.42+.
 */
public final class VolumePruneCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth volume prune [OPTIONS]", "Remove unused local volumes", new Options()
        .bool('a', "all", "Remove all unused volumes, not just anonymous ones")
        .list("filter", "filter", "Provide filter values (e.g. \"label=<label>\")")
        .bool('f', "force", "Do not prompt for confirmation"), 0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    boolean all = args.bool("all");
    String warning = all ? "WARNING! This will remove all local volumes not used by at least one container."
        : "WARNING! This will remove anonymous local volumes not used by at least one container.";
    if (!args.bool("force") && !Confirm.ask(ctx, warning)) {
      return 0;
    }
    Map<String, List<String>> filters = FilterEncoder.parse(args.list("filter"));
    if (all) {
      filters.put("all", new ArrayList<>(List.of("true")));
    }
    Map<?, ?> r = (Map<?, ?>) ctx.client().postJson(
        Query.path("/volumes/prune").param("filters", FilterEncoder.encode(filters)).build(), null);
    ctx.out().print(PruneReport.of(r, "VolumesDeleted", "Deleted Volumes"));
    return 0;
  }
}
