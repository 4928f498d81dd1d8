package dev.berth.cli.command.volume;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.FilterEncoder;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.command.network.NetworkRow;
import dev.berth.cli.format.ListFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code berth volume ls}: {@code GET /volumes}, in natural name order as docker sorts them. */
public final class VolumeLsCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth volume ls [OPTIONS]", "List volumes", new Options()
        .list('f', "filter", "filter", "Provide filter values (e.g. \"dangling=true\")")
        .value("format", "string", "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'")
        .bool('q', "quiet", "Only display volume names"), 0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String target = Query.path("/volumes").param("filters", FilterEncoder.encode(args.list("filter"))).build();
    Map<?, ?> body = (Map<?, ?>) ctx.client().getJson(target);
    List<VolumeRow> rows = new ArrayList<>();
    if (body != null && body.get("Volumes") instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m) {
          rows.add(new VolumeRow(m));
        }
      }
    }
    rows.sort((a, b) -> NetworkRow.naturalCompare(a.name(), b.name()));
    String format = args.value("format");
    if (args.bool("quiet") && (format == null || format.isEmpty() || format.equals("table"))) {
      format = "{{.Name}}";
    }
    ctx.out().print(ListFormat.render(format, VolumeRow.DEFAULT_TABLE, VolumeRow.HEADERS, rows));
    return 0;
  }
}
