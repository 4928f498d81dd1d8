package dev.berth.daemon.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Filters;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import dev.berth.daemon.util.Times;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code /networks} endpoints: bridge networks (the default one and user-defined ones) and
 * the two built-in modes, host and none, in Docker's shape.
 */
public final class NetworkRoutes {
  private final NetworkService networks;
  private final Function<String, Map<String, Object>> containersOn;
  private final Attachments attachments;

  /** What connect and disconnect do to a container; the container service implements it. */
  public interface Attachments {
    void connect(String container, String network, JsonNode endpointConfig) throws Exception;

    void disconnect(String container, String network) throws Exception;
  }

  /** {@code containersOn}: network ID to the {@code Containers} map of its inspect (running endpoints). */
  public NetworkRoutes(NetworkService networks, Function<String, Map<String, Object>> containersOn,
      Attachments attachments) {
    this.networks = networks;
    this.containersOn = containersOn;
    this.attachments = attachments;
  }

  public void register(Router r) {
    r.get("/networks", this::list);
    r.post("/networks/create", this::create);
    r.post("/networks/prune", this::prune);
    r.get("/networks/{id}", this::inspect);
    r.delete("/networks/{id}", x -> {
      refuseBuiltin(x.path("id"));
      networks.remove(x.path("id"));
    });
    r.post("/networks/{id}/connect", x -> {
      JsonNode body = x.jsonBody(JsonNode.class);
      body.path("EndpointConfig").path("Aliases").forEach(a -> NetworkNames.requireValidAlias(a.asText()));
      attachments.connect(body.path("Container").asText(""), x.path("id"), body.path("EndpointConfig"));
      x.status(HttpResponseStatus.OK);  // as dockerd answers connect and disconnect
    });
    r.post("/networks/{id}/disconnect", x -> {
      JsonNode body = x.jsonBody(JsonNode.class);
      attachments.disconnect(body.path("Container").asText(""), x.path("id"));
      x.status(HttpResponseStatus.OK);
    });
  }

  private void list(Exchange x) {
    Filters f = x.filters();
    f.requireKnown(Set.of("name", "id", "driver", "label", "type", "scope", "dangling"));
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> n : all()) {
      if (matches(f, n)) {
        out.add(n);
      }
    }
    x.json(out);
  }

  @SuppressWarnings("unchecked")
  private static boolean matches(Filters f, Map<String, Object> n) {
    String name = (String) n.get("Name");
    String id = (String) n.get("Id");
    boolean builtin = name.equals("bridge") || name.equals("host") || name.equals("none");
    if (f.has("name") && f.get("name").stream().noneMatch(name::contains)) {
      return false;
    }
    if (f.has("id") && f.get("id").stream().noneMatch(id::startsWith)) {
      return false;
    }
    if (f.has("driver") && !f.get("driver").contains((String) n.get("Driver"))) {
      return false;
    }
    if (f.has("type") && !f.get("type").contains(builtin ? "builtin" : "custom")) {
      return false;
    }
    return f.matchesLabels("label", (Map<String, String>) n.get("Labels"));
  }

  private void create(Exchange x) throws Exception {
    BridgeNetwork n = networks.create(NetworkSpec.parse(x.jsonBody(JsonNode.class)));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("Id", n.id());
    answer.put("Warning", "");
    x.json(HttpResponseStatus.CREATED, answer);
  }

  private void prune(Exchange x) throws Exception {
    x.filters().requireKnown(Set.of("label", "label!", "until"));
    List<String> deleted = new ArrayList<>();
    for (BridgeNetwork n : networks.all()) {
      if (n.isDefault() || !x.filters().matchesLabels("label", n.labels())) {
        continue;
      }
      try {
        networks.remove(n.id());
        deleted.add(n.name());
      } catch (ApiException inUse) {
        // in use: kept, as in Docker
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("NetworksDeleted", deleted);
    x.json(answer);
  }

  private void inspect(Exchange x) {
    String ref = x.path("id");
    String scope = x.query("scope");
    if (scope != null && !scope.isEmpty() && !scope.equals("local")) {
      throw ApiException.notFound("network " + ref + " not found");
    }
    for (Map<String, Object> n : all()) {
      String id = (String) n.get("Id");
      if (ref.equals(n.get("Name")) || ref.equals(id)) {
        x.json(n);
        return;
      }
    }
    BridgeNetwork n = networks.require(ref);
    x.json(describe(n));
  }

  private void refuseBuiltin(String ref) {
    if (ref.equals("host") || ref.equals("none")) {
      throw ApiException.forbidden(ref + " is a pre-defined network and cannot be removed");
    }
  }

  private List<Map<String, Object>> all() {
    List<Map<String, Object>> out = new ArrayList<>();
    BridgeNetwork b = networks.bridge();
    for (BridgeNetwork n : networks.all()) {
      out.add(describe(n));
    }
    out.add(builtin("host", "1" + b.id().substring(1), "host", b.created()));
    out.add(builtin("none", "2" + b.id().substring(1), "null", b.created()));
    return out;
  }

  private Map<String, Object> describe(BridgeNetwork n) {
    Map<String, Object> m = base(n.name(), n.id(), "bridge", n.created());
    m.put("EnableIPv6", n.ipv6() != null);
    Map<String, Object> ipam = new LinkedHashMap<>();
    ipam.put("Driver", "default");
    ipam.put("Options", null);
    ipam.put("Config", NetworkViews.ipamConfig(n));
    m.put("IPAM", ipam);
    m.put("Internal", n.internal());
    m.put("Containers", containersOn.apply(n.id()));
    // a user network shows the options it was given and nothing more (compose recreates a network
    // whose options differ from its file); the default bridge shows its interface, as docker0's does
    Map<String, String> options = new LinkedHashMap<>(n.options());
    if (n.isDefault()) {
      options.put("com.docker.network.bridge.default_bridge", "true");
      options.put("com.docker.network.bridge.name", n.hostInterface());
    }
    m.put("Options", options);
    m.put("Labels", n.labels());
    return m;
  }

  private static Map<String, Object> builtin(String name, String id, String driver, Instant created) {
    Map<String, Object> m = base(name, id, driver, created);
    Map<String, Object> ipam = new LinkedHashMap<>();
    ipam.put("Driver", "default");
    ipam.put("Options", null);
    ipam.put("Config", List.of());
    m.put("IPAM", ipam);
    m.put("Internal", false);
    m.put("Containers", Map.of());
    m.put("Options", Map.of());
    m.put("Labels", Map.of());
    return m;
  }

  private static Map<String, Object> base(String name, String id, String driver, Instant created) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("Name", name);
    n.put("Id", id);
    n.put("Created", Times.rfc3339(created));
    n.put("Scope", "local");
    n.put("Driver", driver);
    n.put("EnableIPv4", true);
    n.put("EnableIPv6", false);
    n.put("Attachable", false);
    n.put("Ingress", false);
    n.put("ConfigFrom", Map.of("Network", ""));
    n.put("ConfigOnly", false);
    return n;
  }
}
