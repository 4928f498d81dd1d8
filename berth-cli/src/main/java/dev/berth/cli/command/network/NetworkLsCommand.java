package dev.berth.cli.command.network;

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

/** {@code berth network ls}: {@code GET /networks}, sorted by name as docker does, as a table or template. */
public final class NetworkLsCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth network ls [OPTIONS]", "List networks", new Options()
        .list('f', "filter", "filter", "Provide filter values (e.g. \"driver=bridge\")")
        .value("format", "string", "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'")
        .bool("no-trunc", "Do not truncate the output")
        .bool('q', "quiet", "Only display network IDs"), 0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String target = Query.path("/networks").param("filters", FilterEncoder.encode(args.list("filter"))).build();
    List<?> list = (List<?>) ctx.client().getJson(target);
    ctx.out().print(render(list, args));
    return 0;
  }

  static String render(List<?> list, ParsedArgs args) {
    boolean trunc = !args.bool("no-trunc");
    List<Map<?, ?>> nets = new ArrayList<>();
    if (list != null) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m) {
          nets.add(m);
        }
      }
    }
    nets.sort((x, y) -> NetworkRow.naturalCompare(String.valueOf(x.get("Name")), String.valueOf(y.get("Name"))));
    List<NetworkRow> rows = new ArrayList<>();
    for (Map<?, ?> m : nets) {
      rows.add(new NetworkRow(m, trunc));
    }
    String format = args.value("format");
    if (args.bool("quiet") && (format == null || format.isEmpty() || format.equals("table"))) {
      format = "{{.ID}}";
    }
    return ListFormat.render(format, NetworkRow.DEFAULT_TABLE, NetworkRow.HEADERS, rows);
  }
}
