package dev.berth.cli.command.volume;

import dev.berth.cli.format.GoValues;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.format.TemplateObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One volume of {@code GET /volumes} as docker's volume formatter presents it. */
final class VolumeRow implements TemplateObject {
  static final String DEFAULT_TABLE = "table {{.Driver}}\t{{.Name}}";
  static final Map<String, String> HEADERS = Map.of("Driver", "DRIVER", "Name", "VOLUME NAME", "Scope", "SCOPE",
      "Mountpoint", "MOUNTPOINT", "Labels", "LABELS", "Links", "LINKS", "Size", "SIZE", "Label", "LABEL",
      "Availability", "AVAILABILITY", "Group", "GROUP");

  private final Map<?, ?> v;

  VolumeRow(Map<?, ?> v) {
    this.v = v;
  }

  String name() {
    return str("Name");
  }

  @Override
  public Object field(String name, List<Object> args) {
    return switch (name) {
      case "Name" -> str("Name");
      case "Driver" -> str("Driver");
      case "Scope" -> str("Scope");
      case "Mountpoint" -> str("Mountpoint");
      case "Labels" -> labels();
      case "Links", "Size" -> "N/A";
      case "Availability", "Group" -> "N/A";
      case "Label" -> {
        if (args.size() != 1) {
          throw new TemplateException("template: :1: wrong number of args for Label: want 1 got " + args.size());
        }
        yield v.get("Labels") instanceof Map<?, ?> l && l.get(String.valueOf(args.get(0))) != null
            ? String.valueOf(l.get(String.valueOf(args.get(0)))) : "";
      }
      default -> throw new TemplateException("template: :1: can't evaluate field " + name
          + " in type *formatter.volumeContext");
    };
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String f : List.of("Availability", "Driver", "Group", "Labels", "Links", "Mountpoint", "Name", "Scope",
        "Size")) {
      m.put(f, field(f, List.of()));
    }
    return m;
  }

  private String str(String key) {
    Object o = v.get(key);
    return o == null ? "" : String.valueOf(o);
  }

  private String labels() {
    if (!(v.get("Labels") instanceof Map<?, ?> l)) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (Object k : GoValues.sortedKeys(l)) {
      out.add(k + "=" + l.get(k));
    }
    return String.join(",", out);
  }
}
