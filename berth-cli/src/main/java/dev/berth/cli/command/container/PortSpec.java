package dev.berth.cli.command.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -p [ip:][hostPort:]containerPort[/proto]} into HostConfig.PortBindings, adding each
 * container port to ExposedPorts as docker does. Ranges of equal length are expanded.
 */
final class PortSpec {
  private PortSpec() {}

  static Map<String, Object> parse(List<String> specs, Map<String, Object> exposed) {
    Map<String, Object> bindings = new LinkedHashMap<>();
    for (String spec : specs) {
      String proto = "tcp";
      String s = spec;
      int slash = s.lastIndexOf('/');
      if (slash >= 0) {
        proto = s.substring(slash + 1);
        s = s.substring(0, slash);
      }
      String ip = "";
      String host = "";
      String container;
      int last = s.lastIndexOf(':');
      if (last < 0) {
        container = s;
      } else {
        container = s.substring(last + 1);
        String rest = s.substring(0, last);
        int mid = rest.lastIndexOf(':');
        if (mid < 0) {
          host = rest;
        } else {
          ip = rest.substring(0, mid);
          host = rest.substring(mid + 1);
        }
        if (ip.startsWith("[") && ip.endsWith("]")) {
          ip = ip.substring(1, ip.length() - 1);
        }
      }
      List<String> cports = range(container, spec);
      List<String> hports = host.isEmpty() ? null : range(host, spec);
      if (hports != null && hports.size() != cports.size() && hports.size() != 1) {
        throw new IllegalArgumentException("invalid ranges specified for container and host Ports: " + container + " and " + host);
      }
      for (int i = 0; i < cports.size(); i++) {
        String key = cports.get(i) + "/" + proto;
        exposed.put(key, Map.of());
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("HostIp", ip);
        b.put("HostPort", hports == null ? "" : hports.size() == 1 ? hports.get(0) : hports.get(i));
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) bindings.computeIfAbsent(key, k -> new ArrayList<>());
        l.add(b);
      }
    }
    return bindings;
  }

  private static List<String> range(String r, String spec) {
    List<String> out = new ArrayList<>();
    try {
      int dash = r.indexOf('-');
      if (dash < 0) {
        out.add(String.valueOf(Integer.parseInt(r)));
        return out;
      }
      int from = Integer.parseInt(r.substring(0, dash));
      int to = Integer.parseInt(r.substring(dash + 1));
      for (int p = from; p <= to; p++) {
        out.add(String.valueOf(p));
      }
      return out;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid containerPort: " + spec);
    }
  }
}
