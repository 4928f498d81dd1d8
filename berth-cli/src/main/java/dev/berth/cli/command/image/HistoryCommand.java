package dev.berth.cli.command.image;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.Human;
import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.format.TemplateObject;
import dev.berth.cli.format.Text;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code berth history}: {@code GET /images/{name}/history} as docker's history table. */
public final class HistoryCommand implements Command {
  static final String DEFAULT_TABLE = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
  static final Map<String, String> HEADERS = Map.of("ID", "IMAGE", "CreatedSince", "CREATED", "CreatedAt", "CREATED AT",
      "CreatedBy", "CREATED BY", "Size", "SIZE", "Comment", "COMMENT");

  @Override
  public Spec spec() {
    return new Spec("berth history [OPTIONS] IMAGE", "Show the history of an image", new Options()
        .value("format", "string", "Format output using a custom template")
        .bool('H', "human", "Print sizes and dates in human readable format (default true)")
        .bool("no-trunc", "Don't truncate output")
        .value("platform", "string", "Show history for the given platform")
        .bool('q', "quiet", "Only show image IDs"), 1, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    List<?> list = (List<?>) ctx.client().getJson(Images.path(args.positional().get(0)) + "/history");
    ctx.out().print(render(list, args, ctx.now()));
    return 0;
  }

  static String render(List<?> list, ParsedArgs args, long now) {
    boolean trunc = !args.bool("no-trunc");
    boolean human = args.bool("human", true);
    List<Row> rows = new ArrayList<>();
    for (Object o : list) {
      rows.add(new Row((Map<?, ?>) o, trunc, human, now));
    }
    String format = args.value("format");
    if (args.bool("quiet") && (format == null || format.isEmpty())) {
      format = "{{.ID}}";
    }
    return ListFormat.render(format, DEFAULT_TABLE, HEADERS, rows);
  }

  /** One layer of the history, with docker's history formatter fields. */
  record Row(Map<?, ?> h, boolean trunc, boolean human, long now) implements TemplateObject {
    @Override
    public Object field(String name, List<Object> args) {
      return switch (name) {
        case "ID" -> {
          String id = h.get("Id") == null ? "<missing>" : String.valueOf(h.get("Id"));
          yield id.equals("<missing>") ? id : trunc ? Text.shortId(id) : id;
        }
        case "CreatedSince" -> human ? Human.ago(num("Created"), now) : createdAt();
        case "CreatedAt" -> createdAt();
        case "CreatedBy" -> {
          String by = String.valueOf(h.get("CreatedBy") == null ? "" : h.get("CreatedBy")).replace("\t", " ");
          yield trunc ? Text.ellipsis(by, 45) : by;
        }
        case "Size" -> human ? Human.size(num("Size")) : String.valueOf(num("Size"));
        case "Comment" -> h.get("Comment") == null ? "" : String.valueOf(h.get("Comment"));
        default -> throw new TemplateException("template: :1: can't evaluate field " + name + " in type *history.historyContext");
      };
    }

    private String createdAt() {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochSecond(num("Created")).atZone(ZoneId.systemDefault()));
    }

    private long num(String k) {
      return h.get(k) instanceof Number n ? n.longValue() : 0;
    }

    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String f : List.of("Comment", "CreatedAt", "CreatedBy", "CreatedSince", "ID", "Size")) {
        m.put(f, field(f, List.of()));
      }
      return m;
    }
  }
}
