package dev.berth.cli.command.network;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth network create NETWORK}: {@code POST /networks/create} with the body docker's CLI
 * builds (IPAM config consolidated from --subnet/--ip-range/--gateway/--aux-address), printing the
 * new network's ID.
 */
public final class NetworkCreateCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth network create [OPTIONS] NETWORK", "Create a network", new Options()
        .bool("attachable", "Enable manual container attachment")
        .list("aux-address", "map", "Auxiliary IPv4 or IPv6 addresses used by Network driver (default map[])")
        .value("config-from", "string", "The network from which to copy the configuration")
        .bool("config-only", "Create a configuration only network")
        .value('d', "driver", "string", "Driver to manage the Network (default \"bridge\")")
        .list("gateway", "strings", "IPv4 or IPv6 Gateway for the master subnet")
        .bool("ingress", "Create swarm routing-mesh network")
        .bool("internal", "Restrict external access to the network")
        .list("ip-range", "strings", "Allocate container ip from a sub-range")
        .value("ipam-driver", "string", "IP Address Management Driver (default \"default\")")
        .list("ipam-opt", "map", "Set IPAM driver specific options (default map[])")
        .bool("ipv4", "Enable or disable IPv4 address assignment (default true)")
        .bool("ipv6", "Enable or disable IPv6 address assignment")
        .list("label", "list", "Set metadata on a network")
        .list('o', "opt", "map", "Set driver specific options (default map[])")
        .value("scope", "string", "Control the network's scope")
        .list("subnet", "strings", "Subnet in CIDR format that represents a network segment"), 1, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    Map<String, Object> body = body(args);
    Map<?, ?> r = (Map<?, ?>) ctx.client().postJson("/networks/create", body);
    ctx.out().println(r == null || r.get("Id") == null ? "" : r.get("Id"));
    return 0;
  }

  static Map<String, Object> body(ParsedArgs a) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("Name", a.positional().get(0));
    b.put("Driver", a.value("driver", "bridge"));
    b.put("Scope", a.value("scope", ""));
    if (a.has("ipv4")) {
      b.put("EnableIPv4", a.bool("ipv4"));
    }
    if (a.has("ipv6")) {
      b.put("EnableIPv6", a.bool("ipv6"));
    }
    Map<String, Object> ipam = new LinkedHashMap<>();
    ipam.put("Driver", a.value("ipam-driver", "default"));
    ipam.put("Config", consolidateIpam(splitCommas(a.list("subnet")), splitCommas(a.list("ip-range")),
        splitCommas(a.list("gateway")), Networks.keyValues(a.list("aux-address"))));
    ipam.put("Options", Networks.keyValues(a.list("ipam-opt")));
    b.put("IPAM", ipam);
    b.put("Internal", a.bool("internal"));
    b.put("Attachable", a.bool("attachable"));
    b.put("Ingress", a.bool("ingress"));
    b.put("ConfigOnly", a.bool("config-only"));
    if (a.value("config-from", "").length() > 0) {
      b.put("ConfigFrom", Map.of("Network", a.value("config-from")));
    }
    b.put("Options", Networks.keyValues(a.list("opt")));
    b.put("Labels", Networks.keyValues(a.list("label")));
    return b;
  }

  /** pflag's string-slice flags accept comma-separated values as well as repeats. */
  private static List<String> splitCommas(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      for (String p : v.split(",")) {
        if (!p.isEmpty()) {
          out.add(p.strip());
        }
      }
    }
    return out;
  }

  /** docker's consolidateIpam: one config per subnet, each range/gateway/aux address placed in its subnet. */
  static List<Object> consolidateIpam(List<String> subnets, List<String> ranges, List<String> gateways, Map<String, Object> aux) {
    if (subnets.size() < ranges.size() || subnets.size() < gateways.size()) {
      throw new IllegalArgumentException("every ip-range or gateway must have a corresponding subnet");
    }
    Map<String, Map<String, Object>> data = new LinkedHashMap<>();
    for (String s : subnets) {
      for (String k : data.keySet()) {
        if (matches(s, k) || matches(k, s)) {
          throw new IllegalArgumentException("multiple overlapping subnet configuration is not supported");
        }
      }
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("Subnet", s);
      data.put(s, c);
    }
    place(subnets, ranges, data, "IPRange", "ip-range", "range");
    place(subnets, gateways, data, "Gateway", "gateway", "gateway");
    for (Map.Entry<String, Object> e : aux.entrySet()) {
      String addr = String.valueOf(e.getValue());
      boolean match = false;
      for (String s : subnets) {
        if (matches(s, addr)) {
          @SuppressWarnings("unchecked")
          Map<String, Object> am = (Map<String, Object>) data.get(s).computeIfAbsent("AuxiliaryAddresses", k -> new LinkedHashMap<>());
          am.put(e.getKey(), addr);
          match = true;
        }
      }
      if (!match) {
        throw new IllegalArgumentException("no matching subnet for aux-address " + addr);
      }
    }
    return new ArrayList<>(data.values());
  }

  private static void place(List<String> subnets, List<String> values, Map<String, Map<String, Object>> data, String key,
      String what, String noun) {
    for (String v : values) {
      boolean match = false;
      for (String s : subnets) {
        if (!matches(s, v)) {
          continue;
        }
        Map<String, Object> c = data.get(s);
        if (c.get(key) != null) {
          throw new IllegalArgumentException(noun.equals("range")
              ? "cannot configure multiple ranges (" + v + ", " + c.get(key) + ") on the same subnet (" + s + ")"
              : "cannot configure multiple gateways (" + v + ", " + c.get(key) + ") for the same subnet (" + s + ")");
        }
        c.put(key, v);
        match = true;
      }
      if (!match) {
        throw new IllegalArgumentException("no matching subnet for " + noun + " " + v);
      }
    }
  }

  /** docker's subnetMatches: whether {@code data} (an address or CIDR) lies in {@code subnet}. */
  private static boolean matches(String subnet, String data) {
    Networks.Cidr s;
    try {
      s = Networks.parseCidr(subnet);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid subnet: " + e.getMessage());
    }
    byte[] ip = data.contains("/") ? Networks.parseCidr(data).ip() : Networks.parseIp(data);
    return ip != null && s.contains(ip);
  }
}
