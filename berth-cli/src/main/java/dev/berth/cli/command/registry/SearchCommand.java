package dev.berth.cli.command.registry;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.FilterEncoder;
import dev.berth.cli.client.HttpRequest;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.format.TemplateObject;
import dev.berth.cli.format.Text;
import dev.berth.cli.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth search}: {@code GET /images/search?term=&limit=&filters=} with the term's registry
 * credentials, printed as docker's table (NAME, DESCRIPTION, STARS, OFFICIAL).
 */
public final class SearchCommand implements Command {
  static final String DEFAULT_TABLE = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}";
  static final Map<String, String> HEADERS = Map.of("Name", "NAME", "Description", "DESCRIPTION", "StarCount", "STARS",
      "IsOfficial", "OFFICIAL", "IsAutomated", "AUTOMATED");

  @Override
  public Spec spec() {
    return new Spec("berth search [OPTIONS] TERM", "Search for images in a registry", new Options()
        .list('f', "filter", "filter", "Filter output based on conditions provided")
        .value("format", "string", "Pretty-print search using a Go template")
        .value("limit", "int", "Max number of search results")
        .bool("no-trunc", "Don't truncate output"), 1, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String term = args.positional().get(0);
    String filters;
    try {
      filters = FilterEncoder.encode(args.list("filter"));
    } catch (IllegalArgumentException e) {
      throw new CliError("invalid argument for \"-f, --filter\" flag: " + e.getMessage(), 125);
    }
    String limit = args.value("limit");
    if (limit != null && !limit.matches("-?\\d+")) {
      throw new CliError("invalid argument \"" + limit + "\" for \"--limit\" flag: strconv.ParseInt: parsing \""
          + limit + "\": invalid syntax", 125);
    }
    String path = Query.path("/images/search").param("term", term)
        .nonEmpty("limit", limit == null || limit.equals("0") ? null : limit).param("filters", filters).build();
    HttpRequest req = new HttpRequest("GET", path)
        .header("X-Registry-Auth", new AuthStore(ctx.env()).header(AuthStore.registryOf(term)));
    List<?> list;
    try (HttpResponse r = ctx.client().call(req)) {
      list = (List<?>) Json.parse(r.bytes());
    }
    boolean trunc = !args.bool("no-trunc");
    List<Row> rows = new ArrayList<>();
    for (Object o : list) {
      rows.add(new Row((Map<?, ?>) o, trunc));
    }
    ctx.out().print(ListFormat.render(args.value("format"), DEFAULT_TABLE, HEADERS, rows));
    return 0;
  }

  /** One search result, with the fields of docker's search formatter. */
  record Row(Map<?, ?> r, boolean trunc) implements TemplateObject {
    @Override
    public Object field(String name, List<Object> args) {
      return switch (name) {
        case "Name" -> String.valueOf(r.get("name"));
        case "Description" -> {
          String d = r.get("description") == null ? "" : String.valueOf(r.get("description")).replace("\n", " ")
              .replace("\r", " ");
          yield trunc ? Text.ellipsis(d, 45) : d;
        }
        case "StarCount" -> String.valueOf(r.get("star_count") instanceof Number n ? n.longValue() : 0);
        case "IsOfficial" -> Boolean.TRUE.equals(r.get("is_official")) ? "[OK]" : "";
        case "IsAutomated" -> Boolean.TRUE.equals(r.get("is_automated")) ? "[OK]" : "";
        default -> throw new TemplateException("template: :1: can't evaluate field " + name
            + " in type *formatter.searchContext");
      };
    }

    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String f : List.of("Description", "IsAutomated", "IsOfficial", "Name", "StarCount")) {
        m.put(f, field(f, List.of()));
      }
      return m;
    }
  }
}
