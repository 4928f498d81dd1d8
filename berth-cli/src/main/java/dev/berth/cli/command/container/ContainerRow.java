package dev.berth.cli.command.container;

import dev.berth.cli.format.GoValues;
import dev.berth.cli.format.Human;
import dev.berth.cli.format.TemplateObject;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.format.Text;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One container of {@code GET /containers/json} as docker's ps formatter presents it: the fields
 * {@code {{.ID}}}, {@code {{.Names}}}, {@code {{.Status}}} and so on, truncated unless --no-trunc.
 */
public final class ContainerRow implements TemplateObject {
  static final String DEFAULT_TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
  static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("ID", "CONTAINER ID"), Map.entry("Image", "IMAGE"),
      Map.entry("Command", "COMMAND"), Map.entry("CreatedAt", "CREATED AT"), Map.entry("RunningFor", "CREATED"),
      Map.entry("Ports", "PORTS"), Map.entry("State", "STATE"), Map.entry("Status", "STATUS"), Map.entry("Size", "SIZE"),
      Map.entry("Names", "NAMES"), Map.entry("Labels", "LABELS"), Map.entry("Mounts", "MOUNTS"),
      Map.entry("Networks", "NETWORKS"), Map.entry("LocalVolumes", "LOCAL VOLUMES"), Map.entry("Label", "LABEL"),
      Map.entry("Platform", "PLATFORM"));

  private final Map<?, ?> c;
  private final boolean trunc;
  private final long now;

  public ContainerRow(Map<?, ?> c, boolean trunc, long nowMillis) {
    this.c = c;
    this.trunc = trunc;
    this.now = nowMillis;
  }

  @Override
  public Object field(String name, List<Object> args) {
    return switch (name) {
      case "ID" -> trunc ? Text.shortId(str("Id")) : str("Id");
      case "Image" -> image();
      case "Command" -> Text.quote(trunc ? Text.ellipsis(str("Command"), 20) : str("Command"));
      case "CreatedAt" -> createdAt();
      case "RunningFor" -> Human.ago(num("Created"), now);
      case "Ports" -> ports();
      case "State" -> str("State");
      case "Status" -> str("Status");
      case "Size" -> size();
      case "Names" -> names();
      case "Labels" -> labels();
      case "Label" -> {
        if (args.size() != 1) {
          throw new TemplateException("template: :1: wrong number of args for Label: want 1 got " + args.size());
        }
        yield c.get("Labels") instanceof Map<?, ?> l && l.get(String.valueOf(args.get(0))) != null
            ? String.valueOf(l.get(String.valueOf(args.get(0)))) : "";
      }
      case "Mounts" -> mounts();
      case "Networks" -> networks();
      case "LocalVolumes" -> String.valueOf(localVolumes());
      case "Platform" -> "";
      default -> throw new TemplateException("template: :1: can't evaluate field " + name + " in type *formatter.ContainerContext");
    };
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String f : List.of("Command", "CreatedAt", "ID", "Image", "Labels", "LocalVolumes", "Mounts", "Names", "Networks",
        "Ports", "RunningFor", "Size", "State", "Status")) {
      m.put(f, field(f, List.of()));
    }
    return m;
  }

  private String str(String key) {
    Object v = c.get(key);
    return v == null ? "" : String.valueOf(v);
  }

  private long num(String key) {
    return c.get(key) instanceof Number n ? n.longValue() : 0L;
  }

  private String image() {
    String image = str("Image");
    if (trunc && image.startsWith("sha256:")) {
      return Text.shortId(image);
    }
    if (trunc) {
      int at = image.indexOf("@sha256:");
      if (at > 0) {
        return image.substring(0, at);
      }
    }
    return image;
  }

  private String createdAt() {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z").format(Instant.ofEpochSecond(num("Created")).atZone(ZoneId.systemDefault()));
  }

  private String names() {
    List<String> out = new ArrayList<>();
    if (c.get("Names") instanceof List<?> l) {
      for (Object o : l) {
        String n = String.valueOf(o);
        if (n.startsWith("/")) {
          n = n.substring(1);
        }
        if (trunc && n.contains("/")) {
          continue;
        }
        out.add(n);
      }
    }
    return String.join(",", out);
  }

  private String labels() {
    if (!(c.get("Labels") instanceof Map<?, ?> l)) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (Object k : GoValues.sortedKeys(l)) {
      out.add(k + "=" + l.get(k));
    }
    return String.join(",", out);
  }

  private String size() {
    long rw = num("SizeRw");
    long root = num("SizeRootFs");
    String s = Human.size(rw);
    return root > 0 ? s + " (virtual " + Human.size(root) + ")" : s;
  }

  private String mounts() {
    List<String> out = new ArrayList<>();
    if (c.get("Mounts") instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m) {
          String name = m.get("Name") instanceof String n && !n.isEmpty() ? n : String.valueOf(m.get("Source"));
          out.add(trunc ? Text.ellipsis(name, 15) : name);
        }
      }
    }
    return String.join(",", out);
  }

  private int localVolumes() {
    int n = 0;
    if (c.get("Mounts") instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m && "local".equals(m.get("Driver"))) {
          n++;
        }
      }
    }
    return n;
  }

  private String networks() {
    if (c.get("NetworkSettings") instanceof Map<?, ?> ns && ns.get("Networks") instanceof Map<?, ?> nets) {
      List<String> out = new ArrayList<>();
      for (Object k : GoValues.sortedKeys(nets)) {
        out.add(String.valueOf(k));
      }
      return String.join(",", out);
    }
    return "";
  }

  /** docker's DisplayablePorts: published ports as {@code ip:public->private/proto}, sorted. */
  String ports() {
    if (!(c.get("Ports") instanceof List<?> l)) {
      return "";
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    int i = 0;
    for (Object o : l) {
      if (!(o instanceof Map<?, ?> p)) {
        continue;
      }
      long priv = p.get("PrivatePort") instanceof Number n ? n.longValue() : 0;
      String type = p.get("Type") == null ? "tcp" : String.valueOf(p.get("Type"));
      String text;
      if (p.get("PublicPort") instanceof Number pub && pub.longValue() != 0) {
        String ip = p.get("IP") == null ? "" : String.valueOf(p.get("IP"));
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        text = host + ":" + pub.longValue() + "->" + priv + "/" + type;
      } else {
        text = priv + "/" + type;
      }
      sorted.put(String.format("%s|%08d|%04d", type, priv, i++), text);
    }
    List<String> out = new ArrayList<>(new java.util.LinkedHashSet<>(sorted.values()));
    return String.join(", ", out);
  }
}
