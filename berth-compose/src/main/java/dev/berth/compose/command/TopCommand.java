package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.Query;
import dev.berth.cli.format.TabWriter;
import dev.berth.compose.engine.ProjectContainers;
import java.util.List;
import java.util.Map;

/** {@code compose top [SERVICE...]}: each running container's processes under its name. */
final class TopCommand implements ComposeCommand {
  @Override
  public String usage() {
    return "top [SERVICES...]";
  }

  @Override
  public String description() {
    return "Display the running processes";
  }

  @Override
  public Options options() {
    return new Options();
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    String project = ctx.projectName();
    for (Map<String, Object> c : ProjectContainers.of(ctx.engine(), project, false)) {
      if (!args.positional().isEmpty() && !args.positional().contains(ProjectContainers.service(c))) {
        continue;
      }
      Map<?, ?> top = (Map<?, ?>) ctx.engine().client().getJson("/containers/" + Query.segment(ProjectContainers.id(c)) + "/top");
      StringBuilder sb = new StringBuilder();
      sb.append(String.join("\t", strings(top.get("Titles")))).append('\n');
      for (Object p : (List<?>) top.get("Processes")) {
        sb.append(String.join("\t", strings(p))).append('\n');
      }
      ctx.out().println(ProjectContainers.name(c));
      ctx.out().print(TabWriter.docker().write(sb.toString()).flush());
      ctx.out().println();
    }
    return 0;
  }

  private static List<String> strings(Object o) {
    return ((List<?>) o).stream().map(String::valueOf).toList();
  }
}
