package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.TabWriter;
import dev.berth.cli.json.Json;
import dev.berth.compose.engine.Labels;
import dev.berth.compose.engine.ProjectContainers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code compose ls}: every project the daemon has containers of, from their labels alone. */
final class LsCommand implements ComposeCommand {
  @Override
  public String usage() {
    return "ls [OPTIONS]";
  }

  @Override
  public String description() {
    return "List running compose projects";
  }

  @Override
  public Options options() {
    return new Options().bool('a', "all", "Show all stopped Compose projects").bool('q', "quiet", "Only display project names")
        .value("format", "string", "Format the output. Values: [table | json]").list("filter", "filter", "Filter output based on conditions provided");
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    Map<String, Map<String, Integer>> states = new TreeMap<>();
    Map<String, String> files = new LinkedHashMap<>();
    for (Map<String, Object> c : ctx.engine().containers(List.of(Labels.PROJECT), true)) {
      String p = ProjectContainers.label(c, Labels.PROJECT);
      states.computeIfAbsent(p, k -> new TreeMap<>()).merge(String.valueOf(c.get("State")), 1, Integer::sum);
      files.putIfAbsent(p, ProjectContainers.label(c, Labels.CONFIG_FILES));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map.Entry<String, Map<String, Integer>> e : states.entrySet()) {
      if (!args.bool("all") && !e.getValue().containsKey("running")) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      e.getValue().forEach((s, n) -> parts.add(s + "(" + n + ")"));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("Name", e.getKey());
      row.put("Status", String.join(", ", parts));
      row.put("ConfigFiles", files.get(e.getKey()));
      rows.add(row);
    }
    if (args.bool("quiet")) {
      rows.forEach(r -> ctx.out().println(r.get("Name")));
    } else if ("json".equals(args.value("format"))) {
      ctx.out().println(Json.write(rows));
    } else {
      StringBuilder sb = new StringBuilder("NAME\tSTATUS\tCONFIG FILES\n");
      for (Map<String, Object> r : rows) {
        sb.append(r.get("Name")).append('\t').append(r.get("Status")).append('\t').append(r.get("ConfigFiles")).append('\n');
      }
      ctx.out().print(TabWriter.docker().write(sb.toString()).flush());
    }
    return 0;
  }
}
