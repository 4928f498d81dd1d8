package dev.berth.cli.format;

import dev.berth.cli.json.Json;
import dev.berth.cli.json.JsonIndent;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How every {@code inspect} prints, as docker's do: with a template, one line per object as it
 * comes; without, all objects at the end as one JSON array indented by four spaces.
 */
public final class InspectPrinter {
  private final Template template;
  private final PrintStream out;
  private final List<String> raws = new ArrayList<>();

  public InspectPrinter(String format, PrintStream out) {
    this.template = format == null || format.isEmpty() ? null
        : Template.parse(format.equals("json") ? "{{json .}}" : format);
    this.out = out;
  }

  /** One object's raw JSON, as the daemon sent it. */
  public void add(String raw) {
    if (template != null) {
      out.println(template.execute(Json.parse(raw)));
    } else {
      raws.add(raw.strip());
    }
  }

  public void finish() {
    if (template == null) {
      out.println(JsonIndent.indent("[" + String.join(",", raws) + "]", "    "));
    }
    out.flush();
  }
}
