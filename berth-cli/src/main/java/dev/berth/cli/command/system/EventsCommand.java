package dev.berth.cli.command.system;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.FilterEncoder;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.JsonStream;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.command.container.LogsCommand;
import dev.berth.cli.format.Template;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.format.TemplateObject;
import dev.berth.cli.json.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code berth events}: {@code GET /events} printed as docker prints it, one line per event
 * ({@code 2026-11-25T15:00:00.000000000Z container start <id> (image=busybox, name=web)}, the time
 * in the local zone and the attributes sorted), or through {@code --format}. Relative and RFC 3339
 * times in {@code --since}/{@code --until} become Unix seconds here, as the docker CLI does.
 */
public final class EventsCommand implements Command {
  private static final DateTimeFormatter RFC3339_NANO_FIXED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

  @Override
  public Spec spec() {
    return new Spec("berth events [OPTIONS]", "Get real time events from the server", new Options()
        .list('f', "filter", "filter", "Filter output based on conditions provided")
        .value("format", "string", "Format output using a custom template: 'json' or 'TEMPLATE'")
        .value("since", "string", "Show all events created since timestamp")
        .value("until", "string", "Stream events until this timestamp"), 0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    long now = ctx.now();
    String since;
    String until;
    try {
      since = LogsCommand.timestamp(args.value("since"), now);
      until = LogsCommand.timestamp(args.value("until"), now);
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage(), 1);
    }
    String format = args.value("format");
    Template template = null;
    if (format != null && !format.isEmpty() && !format.equals("json")) {
      try {
        template = Template.parse(format);
        template.execute(new Message(Map.of())); // a bad field is an error before any event
      } catch (TemplateException e) {
        throw new CliError(e.getMessage(), 64);
      }
    }
    String target = Query.path("/events").nonEmpty("since", since).nonEmpty("until", until)
        .param("filters", FilterEncoder.encode(args.list("filter"))).build();
    PrintStream out = ctx.out();
    try (HttpResponse r = ctx.client().open("GET", target)) {
      JsonStream stream = new JsonStream(r.body());
      String text;
      while ((text = stream.next()) != null) {
        if (!(Json.parse(text) instanceof Map<?, ?> event)) {
          continue;
        }
        if ("json".equals(format)) {
          out.println(Json.write(event));
        } else if (template != null) {
          out.println(template.execute(new Message(event)));
        } else {
          out.print(line(event, ZoneId.systemDefault()));
        }
        out.flush();
        if (out.checkError()) {
          break;
        }
      }
    }
    return 0;
  }

  /** docker's prettyPrintEvent. */
  static String line(Map<?, ?> event, ZoneId zone) {
    StringBuilder sb = new StringBuilder();
    long nano = event.get("timeNano") instanceof Number n ? n.longValue() : 0;
    long secs = event.get("time") instanceof Number n ? n.longValue() : 0;
    Instant t = nano != 0 ? Instant.ofEpochSecond(Math.floorDiv(nano, 1_000_000_000L), Math.floorMod(nano, 1_000_000_000L))
        : secs != 0 ? Instant.ofEpochSecond(secs) : null;
    if (t != null) {
      sb.append(RFC3339_NANO_FIXED.format(t.atZone(zone))).append(' ');
    }
    Map<?, ?> actor = event.get("Actor") instanceof Map<?, ?> a ? a : Map.of();
    sb.append(str(event.get("Type"))).append(' ').append(str(event.get("Action"))).append(' ')
        .append(str(actor.get("ID")));
    if (actor.get("Attributes") instanceof Map<?, ?> attrs && !attrs.isEmpty()) {
      TreeMap<String, String> sorted = new TreeMap<>();
      attrs.forEach((k, v) -> sorted.put(String.valueOf(k), str(v)));
      sb.append(" (");
      boolean first = true;
      for (Map.Entry<String, String> e : sorted.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        sb.append(e.getKey()).append('=').append(e.getValue());
      }
      sb.append(')');
    }
    return sb.append('\n').toString();
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  /** An event as the template sees docker's events.Message: Go field names over the JSON. */
  private record Message(Map<?, ?> json) implements TemplateObject {
    @Override
    public Object field(String name, List<Object> args) {
      return switch (name) {
        case "Status" -> str(json.get("status"));
        case "ID" -> str(json.get("id"));
        case "From" -> str(json.get("from"));
        case "Type" -> str(json.get("Type"));
        case "Action" -> str(json.get("Action"));
        case "Actor" -> actor();
        case "Scope" -> str(json.get("scope"));
        case "Time" -> json.get("time") instanceof Number n ? n.longValue() : 0L;
        case "TimeNano" -> json.get("timeNano") instanceof Number n ? n.longValue() : 0L;
        default -> throw new TemplateException("template: :1: can't evaluate field " + name + " in type *events.Message");
      };
    }

    private Map<String, Object> actor() {
      Map<String, Object> a = new LinkedHashMap<>();
      Map<?, ?> src = json.get("Actor") instanceof Map<?, ?> m ? m : Map.of();
      a.put("ID", str(src.get("ID")));
      a.put("Attributes", src.get("Attributes") instanceof Map<?, ?> attrs ? attrs : Map.of());
      return a;
    }

    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      json.forEach((k, v) -> m.put(String.valueOf(k), v));
      return m;
    }
  }
}
