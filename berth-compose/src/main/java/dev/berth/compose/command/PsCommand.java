package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.TemplateObject;
import dev.berth.compose.engine.ProjectContainers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code compose ps}: the project's containers, found by label, in compose v2's table. */
final class PsCommand implements ComposeCommand {
  @Override
  public String usage() {
    return "ps [OPTIONS] [SERVICE...]";
  }

  @Override
  public String description() {
    return "List containers";
  }

  @Override
  public Options options() {
    return new Options()
        .bool('a', "all", "Show all stopped containers (including those created by the run command)")
        .value("format", "string", "Format output using a custom template: 'table', 'table TEMPLATE', 'json', 'TEMPLATE'")
        .bool('q', "quiet", "Only display IDs")
        .bool("services", "Display services")
        .list("status", "stringArray", "Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]")
        .list("filter", "string", "Filter services by a property (supported filters: status)")
        .bool("no-trunc", "Don't truncate output")
        .bool("orphans", "Include orphaned services (not declared by project)");
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    String project = ctx.projectName();
    List<String> services = args.positional();
    Set<String> status = new LinkedHashSet<>(args.list("status"));
    for (String f : args.list("filter")) {
      if (f.startsWith("status=")) {
        status.add(f.substring(7));
      }
    }
    boolean all = args.bool("all") || !status.isEmpty();
    List<Map<String, Object>> chosen = new ArrayList<>();
    for (Map<String, Object> c : ProjectContainers.of(ctx.engine(), project, all)) {
      if (!services.isEmpty() && !services.contains(ProjectContainers.service(c))) {
        continue;
      }
      if (!status.isEmpty() && !status.contains(String.valueOf(c.get("State")))) {
        continue;
      }
      chosen.add(c);
    }
    if (args.bool("quiet")) {
      for (Map<String, Object> c : chosen) {
        ctx.out().println(ProjectContainers.id(c));
      }
      return 0;
    }
    if (args.bool("services")) {
      Set<String> names = new LinkedHashSet<>();
      for (Map<String, Object> c : chosen) {
        names.add(ProjectContainers.service(c));
      }
      names.forEach(ctx.out()::println);
      return 0;
    }
    long now = System.currentTimeMillis();
    List<TemplateObject> rows = new ArrayList<>();
    for (Map<String, Object> c : chosen) {
      rows.add(new PsRow(c, now));
    }
    ctx.out().print(ListFormat.render(args.value("format"), PsRow.TABLE, PsRow.HEADERS, rows));
    return 0;
  }
}
