package dev.berth.cli.command.network;

import dev.berth.cli.format.GoValues;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.format.TemplateObject;
import dev.berth.cli.format.Text;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One network of {@code GET /networks} as docker's network formatter presents it. */
public final class NetworkRow implements TemplateObject {
  static final String DEFAULT_TABLE = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
  static final Map<String, String> HEADERS = Map.of("ID", "NETWORK ID", "Name", "NAME", "Driver", "DRIVER", "Scope", "SCOPE",
      "IPv4", "IPV4", "IPv6", "IPV6", "Internal", "INTERNAL", "Labels", "LABELS", "CreatedAt", "CREATED AT", "Label", "LABEL");

  private final Map<?, ?> n;
  private final boolean trunc;

  public NetworkRow(Map<?, ?> n, boolean trunc) {
    this.n = n;
    this.trunc = trunc;
  }

  @Override
  public Object field(String name, List<Object> args) {
    return switch (name) {
      case "ID" -> trunc ? Text.shortId(str("Id")) : str("Id");
      case "Name" -> str("Name");
      case "Driver" -> str("Driver");
      case "Scope" -> str("Scope");
      case "IPv4" -> String.valueOf(Boolean.TRUE.equals(n.get("EnableIPv4")));
      case "IPv6" -> String.valueOf(Boolean.TRUE.equals(n.get("EnableIPv6")));
      case "Internal" -> String.valueOf(Boolean.TRUE.equals(n.get("Internal")));
      case "Labels" -> labels();
      case "CreatedAt" -> goTime(str("Created"));
      case "Label" -> {
        if (args.size() != 1) {
          throw new TemplateException("template: :1: wrong number of args for Label: want 1 got " + args.size());
        }
        yield n.get("Labels") instanceof Map<?, ?> l && l.get(String.valueOf(args.get(0))) != null
            ? String.valueOf(l.get(String.valueOf(args.get(0)))) : "";
      }
      default -> throw new TemplateException("template: :1: can't evaluate field " + name + " in type *formatter.networkContext");
    };
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String f : List.of("CreatedAt", "Driver", "ID", "IPv4", "IPv6", "Internal", "Labels", "Name", "Scope")) {
      m.put(f, field(f, List.of()));
    }
    return m;
  }

  private String str(String key) {
    Object v = n.get(key);
    return v == null ? "" : String.valueOf(v);
  }

  private String labels() {
    if (!(n.get("Labels") instanceof Map<?, ?> l)) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (Object k : GoValues.sortedKeys(l)) {
      out.add(k + "=" + l.get(k));
    }
    return String.join(",", out);
  }

  /** Go's {@code time.Time.String()} of an RFC 3339 timestamp: {@code 2006-01-02 15:04:05.999999999 -0700 MST}. */
  static String goTime(String rfc3339) {
    if (rfc3339.isEmpty()) {
      return "0001-01-01 00:00:00 +0000 UTC";
    }
    OffsetDateTime t;
    try {
      t = OffsetDateTime.parse(rfc3339);
    } catch (DateTimeParseException e) {
      return rfc3339;
    }
    StringBuilder sb = new StringBuilder(String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(),
        t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
    if (t.getNano() != 0) {
      String frac = String.format("%09d", t.getNano()).replaceAll("0+$", "");
      sb.append('.').append(frac);
    }
    int off = t.getOffset().getTotalSeconds();
    String zone = String.format("%s%02d%02d", off < 0 ? "-" : "+", Math.abs(off) / 3600, Math.abs(off) % 3600 / 60);
    boolean utc = rfc3339.endsWith("Z") || rfc3339.endsWith("z");
    sb.append(' ').append(zone).append(' ').append(utc ? "UTC" : zone);
    return sb.toString();
  }

  /** Go's sortorder.NaturalLess: digit runs compare by value, everything else byte-wise. */
  public static int naturalCompare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      boolean da = Character.isDigit(ca);
      boolean db = Character.isDigit(cb);
      if (da && db) {
        int si = i;
        int sj = j;
        while (si < a.length() && a.charAt(si) == '0') {
          si++;
        }
        while (sj < b.length() && b.charAt(sj) == '0') {
          sj++;
        }
        int ei = si;
        int ej = sj;
        while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
          ei++;
        }
        while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
          ej++;
        }
        if (ei - si != ej - sj) {
          return (ei - si) - (ej - sj);
        }
        int c = a.substring(si, ei).compareTo(b.substring(sj, ej));
        if (c != 0) {
          return c;
        }
        if (ei - i != ej - j) {
          return (ei - i) - (ej - j);
        }
        i = ei;
        j = ej;
        continue;
      }
      if (ca != cb) {
        return ca - cb;
      }
      i++;
      j++;
    }
    return (a.length() - i) - (b.length() - j);
  }
}
