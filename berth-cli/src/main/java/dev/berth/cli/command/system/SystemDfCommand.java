package dev.berth.cli.command.system;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.Human;
import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.format.TemplateObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth system df}: {@code GET /system/df} summed up as docker's table (type, total, active,
 * size, reclaimable), with docker's arithmetic for what is reclaimable.
 */
public final class SystemDfCommand implements Command {
  static final String DEFAULT_TABLE = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
  static final Map<String, String> HEADERS = Map.of("Type", "TYPE", "TotalCount", "TOTAL", "Active", "ACTIVE",
      "Size", "SIZE", "Reclaimable", "RECLAIMABLE");

  @Override
  public Spec spec() {
    return new Spec("berth system df [OPTIONS]", "Show docker disk usage", new Options()
        .value("format", "string", "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'")
        .bool('v', "verbose", "Show detailed information on space usage"), 0, 0);
  }

  /** One line of the summary. */
  record Row(String type, int total, int active, long size, long reclaimable, boolean percent)
      implements TemplateObject {
    @Override
    public Object field(String name, List<Object> args) {
      return switch (name) {
        case "Type" -> type;
        case "TotalCount" -> Integer.toString(total);
        case "Active" -> Integer.toString(active);
        case "Size" -> Human.size((double) size, 4);
        case "Reclaimable" -> percent && size > 0
            ? Human.size((double) reclaimable, 4) + " (" + (reclaimable * 100 / size) + "%)"
            : Human.size((double) reclaimable, 4);
        default -> throw new TemplateException("template: :1: can't evaluate field " + name
            + " in type *formatter.diskUsageContext");
      };
    }

    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String f : List.of("Active", "Reclaimable", "Size", "TotalCount", "Type")) {
        m.put(f, field(f, List.of()));
      }
      return m;
    }
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    if (args.bool("verbose")) {
      throw new CliError("berth system df -v is not supported yet; the docker CLI shows it against berthd", 1);
    }
    Map<?, ?> df = (Map<?, ?>) ctx.client().getJson("/system/df");
    List<Row> rows = new ArrayList<>();
    rows.add(images(df));
    rows.add(containers(df));
    rows.add(volumes(df));
    rows.add(new Row("Build Cache", 0, 0, 0, 0, false));
    ctx.out().print(ListFormat.render(args.value("format"), DEFAULT_TABLE, HEADERS, rows));
    return 0;
  }

  private static Row images(Map<?, ?> df) {
    long layers = number(df.get("LayersSize"));
    int total = 0;
    int active = 0;
    long used = 0;
    for (Map<?, ?> i : list(df.get("Images"))) {
      total++;
      if (number(i.get("Containers")) > 0) {
        active++;
        used += number(i.get("Size")) - Math.max(0, number(i.get("SharedSize")));
      }
    }
    return new Row("Images", total, active, layers, Math.max(0, layers - used), true);
  }

  private static Row containers(Map<?, ?> df) {
    int total = 0;
    int active = 0;
    long size = 0;
    long reclaimable = 0;
    for (Map<?, ?> c : list(df.get("Containers"))) {
      total++;
      long rw = Math.max(0, number(c.get("SizeRw")));
      size += rw;
      if ("running".equals(c.get("State"))) {
        active++;
      } else {
        reclaimable += rw;
      }
    }
    return new Row("Containers", total, active, size, reclaimable, true);
  }

  private static Row volumes(Map<?, ?> df) {
    int total = 0;
    int active = 0;
    long size = 0;
    long reclaimable = 0;
    for (Map<?, ?> v : list(df.get("Volumes"))) {
      total++;
      Map<?, ?> usage = v.get("UsageData") instanceof Map<?, ?> u ? u : Map.of();
      long s = Math.max(0, number(usage.get("Size")));
      size += s;
      if (number(usage.get("RefCount")) > 0) {
        active++;
      } else {
        reclaimable += s;
      }
    }
    return new Row("Local Volumes", total, active, size, reclaimable, true);
  }

  private static List<Map<?, ?>> list(Object o) {
    List<Map<?, ?>> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      for (Object e : l) {
        if (e instanceof Map<?, ?> m) {
          out.add(m);
        }
      }
    }
    return out;
  }

  private static long number(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }
}
