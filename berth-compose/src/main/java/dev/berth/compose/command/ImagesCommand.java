package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.Human;
import dev.berth.cli.format.TabWriter;
import dev.berth.compose.engine.ProjectContainers;
import java.util.List;
import java.util.Map;

/** {@code compose images [SERVICE...]}: the image of each of the project's containers. */
final class ImagesCommand implements ComposeCommand {
  @Override
  public String usage() {
    return "images [OPTIONS] [SERVICE...]";
  }

  @Override
  public String description() {
    return "List images used by the created containers";
  }

  @Override
  public Options options() {
    return new Options().bool('q', "quiet", "Only display IDs").value("format", "string", "Format the output. Values: [table | json]");
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    String project = ctx.projectName();
    StringBuilder sb = new StringBuilder("CONTAINER\tREPOSITORY\tTAG\tIMAGE ID\tSIZE\n");
    for (Map<String, Object> c : ProjectContainers.of(ctx.engine(), project, true)) {
      if (!args.positional().isEmpty() && !args.positional().contains(ProjectContainers.service(c))) {
        continue;
      }
      Map<String, Object> img = ctx.engine().inspectImage(String.valueOf(c.get("ImageID")));
      String id = String.valueOf(c.get("ImageID")).replace("sha256:", "");
      if (args.bool("quiet")) {
        ctx.out().println(id.substring(0, Math.min(12, id.length())));
        continue;
      }
      String repo = "<none>";
      String tag = "<none>";
      if (img != null && img.get("RepoTags") instanceof List<?> tags && !tags.isEmpty()) {
        String t = String.valueOf(tags.get(0));
        int colon = t.lastIndexOf(':');
        repo = t.substring(0, colon);
        tag = t.substring(colon + 1);
      }
      long size = img != null && img.get("Size") instanceof Number n ? n.longValue() : 0;
      sb.append(ProjectContainers.name(c)).append('\t').append(repo).append('\t').append(tag).append('\t')
          .append(id, 0, Math.min(12, id.length())).append('\t').append(Human.size(size)).append('\n');
    }
    if (!args.bool("quiet")) {
      ctx.out().print(TabWriter.docker().write(sb.toString()).flush());
    }
    return 0;
  }
}
