package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import dev.berth.daemon.cluster.store.ClusterStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole cluster read at one revision, parsed once: what the leader plans from and what the
 * API's lists and inspects answer. Keys keep their revisions, which are the objects' versions.
 */
final class ClusterSnapshot {
  /** A stored object with the revision of its last write. */
  record Stored(String key, JsonNode value, long modRevision) {}

  final long revision;
  final Stored cluster;
  final Stored leader;
  final Map<String, Stored> nodes = new LinkedHashMap<>();
  final Set<String> alive = new HashSet<>();
  final Map<String, Stored> services = new LinkedHashMap<>();
  final Map<String, Stored> tasks = new LinkedHashMap<>();
  final Map<String, Stored> statuses = new HashMap<>();
  final Map<String, Stored> secrets = new LinkedHashMap<>();
  final Map<String, Stored> configs = new LinkedHashMap<>();
  final Map<String, Stored> networks = new LinkedHashMap<>();

  private ClusterSnapshot(ClusterStore.Listing l) {
    this.revision = l.revision();
    Stored c = null;
    Stored lead = null;
    for (ClusterStore.Entry e : l.entries()) {
      String k = e.key();
      if (k.startsWith(Keys.ALIVE)) {
        alive.add(k.substring(Keys.ALIVE.length()));
        continue;
      }
      if (k.startsWith(Keys.ROOT + "names/")) {
        continue;
      }
      Stored s = new Stored(k, k.equals(Keys.LEADER) ? null : parse(e.value()), e.modRevision());
      if (k.equals(Keys.CLUSTER)) {
        c = s;
      } else if (k.equals(Keys.LEADER)) {
        lead = new Stored(k, Json.api().getNodeFactory().textNode(e.value()), e.modRevision());
      } else {
        put(k, s);
      }
    }
    this.cluster = c;
    this.leader = lead;
  }

  private void put(String k, Stored s) {
    if (k.startsWith(Keys.NODES)) {
      nodes.put(k.substring(Keys.NODES.length()), s);
    } else if (k.startsWith(Keys.SERVICES)) {
      services.put(k.substring(Keys.SERVICES.length()), s);
    } else if (k.startsWith(Keys.TASKS)) {
      tasks.put(k.substring(Keys.TASKS.length()), s);
    } else if (k.startsWith(Keys.TASK_STATUS)) {
      statuses.put(k.substring(Keys.TASK_STATUS.length()), s);
    } else if (k.startsWith(Keys.SECRETS)) {
      secrets.put(k.substring(Keys.SECRETS.length()), s);
    } else if (k.startsWith(Keys.CONFIGS)) {
      configs.put(k.substring(Keys.CONFIGS.length()), s);
    } else if (k.startsWith(Keys.NETWORKS)) {
      networks.put(k.substring(Keys.NETWORKS.length()), s);
    }
  }

  static ClusterSnapshot read(ClusterStore store) {
    return new ClusterSnapshot(store.list(Keys.ROOT));
  }

  private static JsonNode parse(String value) {
    return Json.tree(value.getBytes(StandardCharsets.UTF_8));
  }

  String leaderId() {
    return leader == null ? null : leader.value().asText();
  }

  /** The scheduler's view of every node: alive when its lease-bound key exists. */
  List<Node> nodeViews() {
    List<Node> out = new ArrayList<>();
    for (Map.Entry<String, Stored> e : nodes.entrySet()) {
      out.add(node(e.getKey(), e.getValue().value(), alive.contains(e.getKey())));
    }
    return out;
  }

  static Node node(String id, JsonNode n, boolean ready) {
    JsonNode spec = n.path("Spec");
    Map<String, String> labels = new HashMap<>();
    spec.path("Labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
    JsonNode res = n.path("Description").path("Resources");
    return new Node(id, n.path("Description").path("Hostname").asText(""),
        NodeRole.fromApi(spec.path("Role").asText("worker")), Availability.fromApi(spec.path("Availability").asText("active")),
        ready, labels, n.path("Status").path("Addr").asText(""), res.path("NanoCPUs").asLong(),
        res.path("MemoryBytes").asLong());
  }

  Task task(String id) {
    Stored t = tasks.get(id);
    Stored s = statuses.get(id);
    return TaskCodec.decode(t.value(), s == null ? null : s.value());
  }

  List<Task> tasksOf(String serviceId) {
    List<Task> out = new ArrayList<>();
    for (Map.Entry<String, Stored> e : tasks.entrySet()) {
      if (serviceId.equals(e.getValue().value().path("ServiceID").asText())) {
        out.add(task(e.getKey()));
      }
    }
    return out;
  }
}
