package dev.berth.cli.command.container;

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

/** {@code berth ps}: {@code GET /containers/json} rendered as docker's table or a template. */
public final class PsCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth ps [OPTIONS]", "List containers", new Options()
        .bool('a', "all", "Show all containers (default shows just running)")
        .list('f', "filter", "filter", "Filter output based on conditions provided")
        .value("format", "string", "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'")
        .value('n', "last", "int", "Show n last created containers (includes all states) (default -1)")
        .bool('l', "latest", "Show the latest created container (includes all states)")
        .bool("no-trunc", "Don't truncate output")
        .bool('q', "quiet", "Only display container IDs")
        .bool('s', "size", "Display total file sizes"), 0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    ctx.out().print(render(ctx, args));
    return 0;
  }

  static String render(Context ctx, ParsedArgs args) throws java.io.IOException {
    long last = args.longValue("last", -1);
    if (args.bool("latest")) {
      last = 1;
    }
    String format = args.value("format");
    boolean size = args.bool("size") || (format != null && format.contains(".Size"));
    Query q = Query.path("/containers/json").flag("all", args.bool("all") || last > 0).flag("size", size);
    if (last > 0) {
      q.param("limit", last);
    }
    q.param("filters", FilterEncoder.encode(args.list("filter")));
    List<?> list = (List<?>) ctx.client().getJson(q.build());
    return table(list, args, ctx.now());
  }

  static String table(List<?> list, ParsedArgs args, long now) {
    boolean trunc = !args.bool("no-trunc");
    List<ContainerRow> rows = new ArrayList<>();
    for (Object o : list) {
      rows.add(new ContainerRow((java.util.Map<?, ?>) o, trunc, now));
    }
    String format = args.value("format");
    if (args.bool("quiet") && (format == null || format.isEmpty())) {
      format = "{{.ID}}";
    }
    String dflt = args.bool("size") ? ContainerRow.DEFAULT_TABLE + "\t{{.Size}}" : ContainerRow.DEFAULT_TABLE;
    return ListFormat.render(format, dflt, ContainerRow.HEADERS, rows);
  }
}
