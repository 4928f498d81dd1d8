package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * This node's place in a cluster, kept in {@code <data-root>/swarm/node.json} so that berthd comes
 * back into its cluster after a restart: its node ID, the store's endpoints, and whether berthd runs
 * an etcd member of its own.
 *
 * @param etcdMember the local member's name when berthd manages one, else null
 */
public record Membership(String nodeId, String clusterId, NodeRole role, String listenHost, int listenPort,
    String advertiseAddr, List<String> endpoints, String etcdMember) {

  public Membership {
    endpoints = List.copyOf(endpoints);
  }

  static Path file(Path dataRoot) {
    return dataRoot.resolve("swarm/node.json");
  }

  public static Optional<Membership> load(Path dataRoot) throws IOException {
    Path f = file(dataRoot);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    JsonNode j = Json.tree(Files.readAllBytes(f));
    List<String> eps = new ArrayList<>();
    j.path("Endpoints").forEach(e -> eps.add(e.asText()));
    return Optional.of(new Membership(j.path("NodeID").asText(), j.path("ClusterID").asText(),
        NodeRole.fromApi(j.path("Role").asText("worker")), j.path("ListenHost").asText("0.0.0.0"),
        j.path("ListenPort").asInt(2377), j.path("AdvertiseAddr").asText(), eps,
        j.path("EtcdMember").isTextual() ? j.path("EtcdMember").asText() : null));
  }

  public void save(Path dataRoot) throws IOException {
    ObjectNode j = Json.api().createObjectNode();
    j.put("NodeID", nodeId).put("ClusterID", clusterId).put("Role", role.apiName()).put("ListenHost", listenHost)
        .put("ListenPort", listenPort).put("AdvertiseAddr", advertiseAddr).put("EtcdMember", etcdMember);
    ArrayNode a = j.putArray("Endpoints");
    endpoints.forEach(a::add);
    Files.createDirectories(file(dataRoot).getParent());
    AtomicFiles.write(file(dataRoot), Json.toBytes(j));
  }

  public static void forget(Path dataRoot) throws IOException {
    Files.deleteIfExists(file(dataRoot));
  }

  public Membership withRole(NodeRole r) {
    return new Membership(nodeId, clusterId, r, listenHost, listenPort, advertiseAddr, endpoints, etcdMember);
  }
}
