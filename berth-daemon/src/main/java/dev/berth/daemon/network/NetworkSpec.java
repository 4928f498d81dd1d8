package dev.berth.daemon.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.server.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code POST /networks/create} asks for, read and checked for shape: name, driver, the
 * IPAM pools (IPv4 and IPv6: Subnet, IPRange, Gateway, AuxiliaryAddresses), EnableIPv6, Internal,
 * driver options and labels. Refused drivers fail here, before anything is made.
 */
public record NetworkSpec(String name, List<Pool> pools, boolean enableIpv6, boolean internal,
    Map<String, String> options, Map<String, String> labels) {

  /** One IPAM pool as the client gave it; null fields were not given. */
  public record Pool(String subnet, String ipRange, String gateway, Map<String, String> aux) {
    boolean v6() {
      return Ipv6Subnets.isV6(subnet) || (subnet == null && (Ipv6Subnets.isV6(ipRange) || Ipv6Subnets.isV6(gateway)));
    }
  }

  public static NetworkSpec parse(JsonNode body) {
    String driver = body.path("Driver").asText("");
    if (driver.equals("host") || driver.equals("null")) {
      throw ApiException.forbidden("only one instance of \"" + driver + "\" network is allowed");
    }
    if (!driver.isEmpty() && !driver.equals("bridge")) {
      throw ApiException.notFound("plugin \"" + driver + "\" not found: only the bridge driver is supported");
    }
    String ipamDriver = body.path("IPAM").path("Driver").asText("");
    if (!ipamDriver.isEmpty() && !ipamDriver.equals("default")) {
      throw ApiException.notFound("plugin \"" + ipamDriver + "\" not found: only the default IPAM driver is supported");
    }
    List<Pool> pools = new ArrayList<>();
    for (JsonNode c : body.path("IPAM").path("Config")) {
      Map<String, String> aux = new LinkedHashMap<>();
      c.path("AuxiliaryAddresses").fields().forEachRemaining(e -> aux.put(e.getKey(), e.getValue().asText()));
      pools.add(new Pool(text(c, "Subnet"), text(c, "IPRange"), text(c, "Gateway"), aux));
    }
    long v4 = pools.stream().filter(p -> !p.v6()).count();
    long v6 = pools.size() - v4;
    if (v4 > 1 || v6 > 1) {
      throw ApiException.badRequest("only one IPv4 and one IPv6 subnet per network are supported");
    }
    for (Pool p : pools) {
      if (p.subnet() == null && (p.ipRange() != null || p.gateway() != null || !p.aux().isEmpty())) {
        throw ApiException.badRequest("invalid pool request: an IPRange, Gateway or AuxiliaryAddresses needs a Subnet");
      }
    }
    JsonNode ipv6 = body.path("EnableIPv6");
    boolean enableIpv6 = ipv6.asBoolean(false) || ipv6.asText("").equals("true");
    if (v6 > 0 && !enableIpv6) {
      throw ApiException.badRequest("non-overlapping IPv6 address pool requested but IPv6 is not enabled: set"
          + " EnableIPv6 (--ipv6)");
    }
    return new NetworkSpec(body.path("Name").asText(""), pools, enableIpv6, body.path("Internal").asBoolean(false),
        strings(body.path("Options")), strings(body.path("Labels")));
  }

  Pool v4() {
    return pools.stream().filter(p -> !p.v6()).findFirst().orElse(null);
  }

  Pool v6() {
    return pools.stream().filter(Pool::v6).findFirst().orElse(null);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }

  private static Map<String, String> strings(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
