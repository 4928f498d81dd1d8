package dev.berth.cli.format;

import dev.berth.cli.json.Json;
import java.util.List;
import java.util.Map;

/**
 * Renders list commands (ps, images, history) the way docker's formatter does: {@code table} and
 * {@code table TEMPLATE} give a header row and tab-aligned columns, {@code json} one JSON object per
 * line, any other text is a template applied to each row followed by a newline. Literal {@code \t}
 * and {@code \n} in the format become tab and newline, as in docker.
 */
public final class ListFormat {
  private ListFormat() {}

  public static String render(String format, String defaultTable, Map<String, String> headers,
      List<? extends TemplateObject> rows) {
    String f = format == null || format.isEmpty() || format.equals("table") ? defaultTable : format;
    if (f.equals("json")) {
      StringBuilder sb = new StringBuilder();
      for (TemplateObject r : rows) {
        sb.append(Json.write(TemplateFunctions.goJsonOrder(r))).append('\n');
      }
      return sb.toString();
    }
    boolean table = f.startsWith("table");
    if (table) {
      f = f.substring("table".length());
    }
    f = f.strip().replace("\\t", "\t").replace("\\n", "\n");
    Template t = Template.parse(f);
    StringBuilder sb = new StringBuilder();
    if (table) {
      sb.append(t.execute(new HeaderRow(headers))).append('\n');
    }
    for (TemplateObject r : rows) {
      sb.append(t.execute(r)).append('\n');
    }
    return table ? TabWriter.docker().write(sb.toString()).flush() : sb.toString();
  }

  /** Answers every field with its column title, so the header row uses the same template. */
  private record HeaderRow(Map<String, String> headers) implements TemplateObject {
    @Override
    public Object field(String name, List<Object> args) {
      String h = headers.get(name);
      if (h != null) {
        return h;
      }
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (i > 0 && Character.isUpperCase(c) && Character.isLowerCase(name.charAt(i - 1))) {
          sb.append(' ');
        }
        sb.append(Character.toUpperCase(c));
      }
      return sb.toString();
    }

    @Override
    public Map<String, Object> toJson() {
      return Map.of();
    }
  }
}
