package dev.berth.daemon.network;

import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import dev.berth.daemon.util.Times;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side of {@code /networks}: the default bridge and the two built-in modes, host and none,
 * in Docker's shape. Creating networks comes with user-defined networks.
 */
public final class NetworkRoutes {
  private final NetworkService networks;

  public NetworkRoutes(NetworkService networks) {
    this.networks = networks;
  }

  public void register(Router r) {
    r.get("/networks", x -> x.json(all()));
    r.get("/networks/{id}", this::inspect);
  }

  private List<Map<String, Object>> all() {
    BridgeNetwork b = networks.bridge();
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(describe(b.name(), b.id(), "bridge", b.created().toString(), b.subnet(), b.gateway()));
    out.add(describe("host", builtinId("host"), "host", b.created().toString(), null, null));
    out.add(describe("none", builtinId("none"), "null", b.created().toString(), null, null));
    return out;
  }

  private void inspect(Exchange x) {
    String ref = x.path("id");
    for (Map<String, Object> n : all()) {
      String id = (String) n.get("Id");
      if (ref.equals(n.get("Name")) || ref.equals(id) || (ref.length() >= 3 && id.startsWith(ref))) {
        x.json(n);
        return;
      }
    }
    throw ApiException.notFound("network " + ref + " not found");
  }

  /** Stable IDs for the built-in modes, derived from the bridge's so that each engine has its own. */
  private String builtinId(String name) {
    String base = networks.bridge().id();
    return (name.equals("host") ? "1" : "2") + base.substring(1);
  }

  private static Map<String, Object> describe(String name, String id, String driver, String created, String subnet,
      String gateway) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("Name", name);
    n.put("Id", id);
    n.put("Created", Times.rfc3339(java.time.Instant.parse(created)));
    n.put("Scope", "local");
    n.put("Driver", driver);
    n.put("EnableIPv4", true);
    n.put("EnableIPv6", false);
    Map<String, Object> ipam = new LinkedHashMap<>();
    ipam.put("Driver", "default");
    ipam.put("Options", null);
    ipam.put("Config", subnet == null ? List.of() : List.of(Map.of("Subnet", subnet, "Gateway", gateway)));
    n.put("IPAM", ipam);
    n.put("Internal", false);
    n.put("Attachable", false);
    n.put("Ingress", false);
    n.put("ConfigFrom", Map.of("Network", ""));
    n.put("ConfigOnly", false);
    n.put("Containers", Map.of());
    n.put("Options", Map.of());
    n.put("Labels", Map.of());
    return n;
  }
}
