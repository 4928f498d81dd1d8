package dev.berth.compose.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Port mappings in compose's long syntax ({@code mode, host_ip, target, published, protocol}),
 * from the short forms {@code 80}, {@code 8080:80}, {@code 127.0.0.1:8080:80/udp},
 * {@code 127.0.0.1::80}, {@code [::1]:8080:80} and ranges {@code 8000-8001:80-81}, which expand to
 * one entry per port.
 */
public final class Ports {
  private Ports() {}

  public static List<Object> parse(List<Object> specs, String path) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Object o = specs.get(i);
      String p = path + "[" + i + "]";
      if (o instanceof Map<?, ?> m) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("mode", m.get("mode") == null ? "ingress" : String.valueOf(m.get("mode")));
        if (m.get("host_ip") != null) {
          e.put("host_ip", String.valueOf(m.get("host_ip")));
        }
        e.put("target", number(Types.scalar(m.get("target"), p + ".target"), p));
        if (m.get("published") != null) {
          e.put("published", Types.scalar(m.get("published"), p + ".published"));
        }
        e.put("protocol", m.get("protocol") == null ? "tcp" : String.valueOf(m.get("protocol")));
        if (m.get("name") != null) {
          e.put("name", m.get("name"));
        }
        out.add(e);
      } else {
        out.addAll(shortSyntax(Types.scalar(o, p), p));
      }
    }
    return out;
  }

  private static List<Object> shortSyntax(String s, String path) {
    String protocol = "tcp";
    int slash = s.lastIndexOf('/');
    String rest = s;
    if (slash >= 0) {
      protocol = s.substring(slash + 1);
      rest = s.substring(0, slash);
    }
    String hostIp = null;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      hostIp = rest.substring(1, close);
      rest = rest.substring(close + 2);
    }
    int last = rest.lastIndexOf(':');
    String container = last < 0 ? rest : rest.substring(last + 1);
    String published = last < 0 ? "" : rest.substring(0, last);
    if (hostIp == null) {
      int c = published.lastIndexOf(':');
      if (c >= 0) {
        hostIp = published.substring(0, c);
        published = published.substring(c + 1);
      }
    }
    int[] targets = range(container, s, path);
    int[] hosts = published.isEmpty() ? null : range(published, s, path);
    if (hosts != null && hosts[1] - hosts[0] != targets[1] - targets[0] && hosts[0] != hosts[1]) {
      throw new ComposeException(path + ": invalid ranges specified for container and host Ports: " + s);
    }
    List<Object> out = new ArrayList<>();
    for (int t = targets[0]; t <= targets[1]; t++) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("mode", "ingress");
      if (hostIp != null && !hostIp.isEmpty()) {
        e.put("host_ip", hostIp);
      }
      e.put("target", (long) t);
      if (hosts != null) {
        int h = hosts[0] == hosts[1] ? hosts[0] : hosts[0] + (t - targets[0]);
        e.put("published", String.valueOf(h));
      }
      e.put("protocol", protocol);
      out.add(e);
    }
    return out;
  }

  private static int[] range(String r, String spec, String path) {
    try {
      int dash = r.indexOf('-');
      int a = Integer.parseInt(dash < 0 ? r : r.substring(0, dash));
      int b = dash < 0 ? a : Integer.parseInt(r.substring(dash + 1));
      if (a < 0 || b > 65535 || b < a) {
        throw new NumberFormatException();
      }
      return new int[] {a, b};
    } catch (NumberFormatException e) {
      throw new ComposeException(path + ": invalid port \"" + spec + "\"");
    }
  }

  private static long number(String s, String path) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new ComposeException(path + ".target must be a number");
    }
  }
}
