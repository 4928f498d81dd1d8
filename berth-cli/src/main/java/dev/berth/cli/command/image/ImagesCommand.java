package dev.berth.cli.command.image;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.FilterEncoder;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.ListFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code berth images} / {@code image ls}: {@code GET /images/json} as docker's image table. */
public final class ImagesCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth images [OPTIONS] [REPOSITORY[:TAG]]", "List images", new Options()
        .bool('a', "all", "Show all images (default hides intermediate images)")
        .bool("digests", "Show digests")
        .list('f', "filter", "filter", "Filter output based on conditions provided")
        .value("format", "string", "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'")
        .bool("no-trunc", "Don't truncate output")
        .bool('q', "quiet", "Only show image IDs")
        .bool("tree", "List multi-platform images as a tree (EXPERIMENTAL)"), 0, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    Map<String, List<String>> filters = FilterEncoder.parse(args.list("filter"));
    if (!args.positional().isEmpty()) {
      filters.computeIfAbsent("reference", k -> new ArrayList<>()).add(args.positional().get(0));
    }
    String target = Query.path("/images/json").flag("all", args.bool("all"))
        .param("filters", FilterEncoder.encode(filters)).build();
    List<?> list = (List<?>) ctx.client().getJson(target);
    ctx.out().print(render(list, args, ctx.now()));
    return 0;
  }

  static String render(List<?> list, ParsedArgs args, long now) {
    boolean trunc = !args.bool("no-trunc");
    List<ImageRow> rows = new ArrayList<>();
    for (Object o : list) {
      rows.addAll(ImageRow.rows((Map<?, ?>) o, trunc, now));
    }
    String format = args.value("format");
    if (args.bool("quiet") && (format == null || format.isEmpty())) {
      format = "{{.ID}}";
    }
    return ListFormat.render(format, args.bool("digests") ? ImageRow.DIGEST_TABLE : ImageRow.DEFAULT_TABLE,
        ImageRow.HEADERS, rows);
  }
}
