package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.network.BridgeNetwork;
import dev.berth.daemon.network.Endpoint;
import dev.berth.daemon.network.EndpointRequest;
import dev.berth.daemon.network.NetworkService;
import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which networks a container joins and in what order, and {@code network connect} and
 * {@code disconnect} on it, as Docker has them: the network it was created on can be left and
 * joined again (docker-compose 1.29 does so before every start), the first network it has is its
 * eth0, and a request that is refused leaves nothing made.
 */
final class ContainerNetworking {
  /** One network to join, with the EndpointSettings asked for it. */
  record Wanted(String network, JsonNode settings, boolean primary) {}

  private final ContainerStore store;
  private final NetworkService networks;

  ContainerNetworking(ContainerStore store, NetworkService networks) {
    this.store = store;
    this.networks = networks;
  }

  static boolean bridged(String mode) {
    return !mode.equals("none") && !mode.equals("host") && !mode.startsWith("container:");
  }

  /** The networks to join at start, eth0's first. */
  static List<Wanted> wanted(Container c) {
    List<Wanted> out = new ArrayList<>();
    if (!bridged(c.networkMode)) {
      return out;
    }
    if (!c.primaryDetached) {
      out.add(new Wanted(c.networkMode, c.endpointConfig, true));
    }
    if (c.extraNetworks != null) {
      for (JsonNode n : c.extraNetworks) {
        out.add(new Wanted(n.path("Name").asText(), n, false));
      }
    }
    return out;
  }

  /** What is asked of one endpoint; Config.MacAddress (old clients) counts for the network it was created on. */
  static EndpointRequest request(Container c, Wanted w) {
    EndpointRequest r = EndpointRequest.of(w.settings(), w.primary() ? c.config.path("MacAddress").asText("") : "");
    String legacyIp = w.settings() == null ? "" : w.settings().path("IPv4Address").asText("");
    if (r.ipv4().isEmpty() && !legacyIp.isEmpty()) {
      r = new EndpointRequest(r.aliases(), legacyIp, r.ipv6(), r.mac());
    }
    return r;
  }

  /** {@link #request} with the aliases other containers' links on that network give this one. */
  EndpointRequest requestFor(Container c, Wanted w) {
    EndpointRequest r = request(c, w);
    BridgeNetwork n = networks.find(w.network());
    if (n == null || n.isDefault()) {
      return r;
    }
    List<String> aliases = new ArrayList<>(r.aliases());
    for (String a : LegacyLinks.aliasesFromLinksTo(c, n.name(), store.all())) {
      if (!aliases.contains(a)) {
        aliases.add(a);
      }
    }
    return new EndpointRequest(aliases, r.ipv4(), r.ipv6(), r.mac());
  }

  /**
   * Checks at create that every network the request names exists and that its endpoint settings
   * fit it; a single entry that names the network mode by ID counts as the network mode's own.
   */
  void checkAtCreate(Container c) {
    if (!bridged(c.networkMode)) {
      return;
    }
    if (c.endpointConfig == null && c.extraNetworks != null && c.extraNetworks.size() == 1) {
      BridgeNetwork mine = networks.find(c.networkMode.equals("default") ? "bridge" : c.networkMode);
      JsonNode only = c.extraNetworks.get(0);
      if (mine != null && networks.find(only.path("Name").asText()) == mine) {
        ObjectNode copy = (ObjectNode) only.deepCopy();
        copy.remove("Name");
        c.endpointConfig = copy;
        c.extraNetworks = null;
      }
    }
    Set<BridgeNetwork> seen = new HashSet<>();
    for (Wanted w : wanted(c)) {
      BridgeNetwork n = networks.find(w.network());
      if (n == null) {
        // 400, not 404: the docker CLI takes any 404 on create for a missing image and tries a pull
        throw ApiException.badRequest("network " + w.network() + " not found");
      }
      if (!seen.add(n)) {
        throw ApiException.badRequest("network " + n.name() + " is given twice in the container's networks");
      }
      networks.check(n.id(), request(c, w));
    }
    LegacyLinks.checkAtCreate(c, store);
  }

  /** Attaches one more network to a running container as the next free ethN. */
  Endpoint attachExtra(Container c, Wanted w) throws IOException {
    Set<String> used = new HashSet<>();
    ContainerService.endpointsOf(c).forEach(e -> used.add(e.iface()));
    if (c.endpointDetached) {
      used.add("eth0");
    }
    int index = 1;
    while (used.contains("eth" + index)) {
      index++;
    }
    Endpoint e = networks.connect(w.network(), c.id, c.name, requestFor(c, w), "eth" + index);
    if (c.extraEndpoints == null) {
      c.extraEndpoints = Json.plain().createArrayNode();
    }
    c.extraEndpoints.add(Json.plain().valueToTree(e));
    return e;
  }

  /** {@code network connect}: joins now when running, and at every start from now on. */
  void connect(String ref, String networkRef, JsonNode endpointConfig) throws IOException, SQLException {
    Container c = require(ref);
    BridgeNetwork network = networks.require(networkRef);
    synchronized (c) {
      if (!bridged(c.networkMode)) {
        throw ApiException.badRequest("container cannot be connected to network " + network.name()
            + ": it uses network mode " + c.networkMode);
      }
      if (connected(c, network)) {
        throw ApiException.forbidden("endpoint with name " + c.name + " already exists in network " + network.name());
      }
      ObjectNode settings = endpointConfig instanceof ObjectNode o ? o.deepCopy() : Json.plain().createObjectNode();
      settings.put("Name", network.name());
      Wanted w = new Wanted(network.name(), settings, false);
      networks.check(network.id(), request(c, w));
      if (c.state.running()) {
        if (c.endpoint == null) {
          throw ApiException.badRequest("container " + c.name + " has no network namespace of its own to connect");
        }
        attachExtra(c, w);
      }
      if (c.extraNetworks == null) {
        c.extraNetworks = Json.plain().createArrayNode();
      }
      c.extraNetworks.add(settings);
      store.save(c);
    }
  }

  /** {@code network disconnect}: leaves a network, the one it was created on included. */
  void disconnect(String ref, String networkRef) throws SQLException {
    Container c = require(ref);
    BridgeNetwork network = networks.require(networkRef);
    synchronized (c) {
      if (!connected(c, network)) {
        throw ApiException.forbidden("container " + c.id + " is not connected to network " + network.name());
      }
      if (!c.primaryDetached && bridged(c.networkMode) && networks.find(c.networkMode) == network) {
        c.primaryDetached = true;
        c.endpointConfig = null;
      } else {
        for (int i = 0; i < c.extraNetworks.size(); i++) {
          if (networks.find(c.extraNetworks.get(i).path("Name").asText()) == network) {
            c.extraNetworks.remove(i);
            break;
          }
        }
      }
      if (c.state.running()) {
        detachLive(c, network);
      }
      store.save(c);
    }
  }

  /** Tears down the running container's interface on the network; its namespace stays for the others. */
  private void detachLive(Container c, BridgeNetwork network) {
    Endpoint primary = ContainerService.endpointOf(c);
    if (primary != null && !c.endpointDetached && primary.networkId().equals(network.id())) {
      networks.disconnect(c.id, c.name, primary, false);
      c.endpointDetached = true;
      return;
    }
    ArrayNode extras = c.extraEndpoints;
    for (int i = 0; extras != null && i < extras.size(); i++) {
      if (network.id().equals(extras.get(i).path("networkId").asText())) {
        try {
          networks.disconnect(c.id, c.name, Json.plain().treeToValue(extras.get(i), Endpoint.class), false);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        extras.remove(i);
        return;
      }
    }
  }

  /** Whether the container has, or will have at start, an endpoint on the network. */
  private boolean connected(Container c, BridgeNetwork network) {
    for (Wanted w : wanted(c)) {
      if (networks.find(w.network()) == network) {
        return true;
      }
    }
    return false;
  }

  private Container require(String ref) {
    Container c = store.find(ref);
    if (c == null) {
      throw ApiException.notFound("No such container: " + ref);
    }
    return c;
  }
}
