package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Filters;
import dev.berth.api.Json;
import dev.berth.daemon.cluster.store.ClusterStore;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Swarm API ({@code /swarm}, {@code /nodes}, {@code /services}, {@code /tasks}, {@code /secrets},
 * {@code /configs}) onto the cluster service. Outside a swarm each answers 503 "This node is not part
 * of a swarm", which docker-py's teardown and the docker CLI both expect.
 */
public final class ClusterRoutes {
  private final ClusterService cluster;

  public ClusterRoutes(ClusterService cluster) {
    this.cluster = cluster;
  }

  /** Runs a handler, turning a store that cannot be reached into Docker's 503. */
  private Router.Handler guarded(Router.Handler h) {
    return x -> {
      try {
        h.handle(x);
      } catch (ClusterStore.Unavailable e) {
        throw ClusterErrors.storeDown(e.getMessage());
      } catch (ServiceSpecs.InvalidSpec | Constraint.InvalidConstraint e) {
        throw ClusterErrors.invalid(e.getMessage());
      }
    };
  }

  public void register(Router r) {
    r.get("/swarm", guarded(x -> x.json(cluster.inspect())));
    r.post("/swarm/init", guarded(this::init));
    r.post("/swarm/join", guarded(this::join));
    r.post("/swarm/leave", guarded(x -> {
      cluster.leave(x.flag("force", false));
      x.status(HttpResponseStatus.OK);
    }));
    r.post("/swarm/update", guarded(x -> {
      cluster.update(version(x), x.jsonBody(JsonNode.class), x.flag("rotateWorkerToken", false),
          x.flag("rotateManagerToken", false));
      x.status(HttpResponseStatus.OK);
    }));
    r.get("/swarm/unlockkey", guarded(x -> {
      cluster.objects();
      x.json(Map.of("UnlockKey", ""));
    }));
    r.post("/swarm/unlock", guarded(x -> {
      cluster.objects();
      throw ClusterErrors.invalid("rpc error: code = FailedPrecondition desc = swarm is not locked");
    }));

    r.get("/nodes", guarded(this::nodes));
    r.get("/nodes/{id}", guarded(x -> {
      ClusterSnapshot snap = cluster.objects().snapshot();
      x.json(ClusterViews.node(snap, cluster.objects().resolveNode(snap, x.path("id"))));
    }));
    r.post("/nodes/{id}/update", guarded(x -> {
      cluster.objects().updateNode(x.path("id"), version(x), x.jsonBody(JsonNode.class));
      cluster.nudge();
      x.status(HttpResponseStatus.OK);
    }));
    r.delete("/nodes/{id}", guarded(x -> {
      cluster.objects().removeNode(x.path("id"), x.flag("force", false),
          cluster.membership().map(Membership::nodeId).orElse(""));
      x.status(HttpResponseStatus.OK);
    }));

    r.get("/services", guarded(this::services));
    r.post("/services/create", guarded(x -> {
      String id = cluster.objects().createService(x.jsonBody(JsonNode.class));
      cluster.nudge();
      ObjectNode out = Json.api().createObjectNode();
      out.put("ID", id);
      out.putArray("Warnings");
      x.json(HttpResponseStatus.CREATED, out);
    }));
    r.get("/services/{id}", guarded(x -> {
      ClusterSnapshot snap = cluster.objects().snapshot();
      ObjectNode s = ClusterViews.service(snap, cluster.objects().resolveService(snap, x.path("id")), false);
      if (x.flag("insertDefaults", false)) {
        s.set("Spec", ServiceSpecs.withDefaults((ObjectNode) s.path("Spec")));
      }
      x.json(s);
    }));
    r.post("/services/{id}/update", guarded(x -> {
      boolean rollback = "previous".equals(x.query("rollback"));
      JsonNode body = x.jsonBody(JsonNode.class);
      cluster.objects().updateService(x.path("id"), version(x), body, rollback);
      cluster.nudge();
      ObjectNode out = Json.api().createObjectNode();
      out.putArray("Warnings");
      x.json(out);
    }));
    r.delete("/services/{id}", guarded(x -> {
      cluster.objects().removeService(x.path("id"));
      cluster.nudge();
      x.status(HttpResponseStatus.OK);
    }));

    r.get("/tasks", guarded(this::tasks));
    r.get("/tasks/{id}", guarded(x -> {
      ClusterSnapshot snap = cluster.objects().snapshot();
      x.json(ClusterViews.task(snap, cluster.objects().resolveTask(snap, x.path("id"))));
    }));

    for (String kind : List.of("secret", "config")) {
      String base = "/" + kind + "s";
      r.get(base, guarded(x -> secretsOrConfigs(x, kind)));
      r.post(base + "/create", guarded(x -> {
        String id = cluster.objects().createSecretOrConfig(kind, x.jsonBody(JsonNode.class));
        x.json(HttpResponseStatus.CREATED, Map.of("ID", id));
      }));
      r.get(base + "/{id}", guarded(x -> {
        ClusterSnapshot snap = cluster.objects().snapshot();
        String id = cluster.objects().resolveSecretOrConfig(snap, kind, x.path("id"));
        x.json(ClusterViews.secretOrConfig((kind.equals("secret") ? snap.secrets : snap.configs).get(id),
            kind.equals("config")));
      }));
      r.post(base + "/{id}/update", guarded(x -> {
        cluster.objects().updateSecretOrConfig(kind, x.path("id"), version(x), x.jsonBody(JsonNode.class));
        x.status(HttpResponseStatus.OK);
      }));
      r.delete(base + "/{id}", guarded(x -> {
        cluster.objects().removeSecretOrConfig(kind, x.path("id"));
        x.status(HttpResponseStatus.NO_CONTENT);
      }));
    }
  }

  private void init(Exchange x) throws Exception {
    JsonNode b = x.jsonBody(JsonNode.class);
    List<String> pools = new ArrayList<>();
    b.path("DefaultAddrPool").forEach(p -> pools.add(p.asText()));
    String id = cluster.init(new ClusterService.InitRequest(b.path("ListenAddr").asText(""),
        b.path("AdvertiseAddr").asText(""), b.path("ForceNewCluster").asBoolean(false), b.path("Spec"), pools,
        b.path("SubnetSize").asInt(0), b.path("DataPathPort").asInt(0)));
    x.json(Json.api().getNodeFactory().textNode(id));
  }

  private void join(Exchange x) throws Exception {
    JsonNode b = x.jsonBody(JsonNode.class);
    List<String> remotes = new ArrayList<>();
    b.path("RemoteAddrs").forEach(p -> remotes.add(p.asText()));
    cluster.join(new ClusterService.JoinRequest(b.path("ListenAddr").asText(""), b.path("AdvertiseAddr").asText(""),
        remotes, b.path("JoinToken").asText("")));
    x.status(HttpResponseStatus.OK);
  }

  private static long version(Exchange x) {
    String v = x.query("version");
    if (v == null) {
      throw ClusterErrors.invalid("invalid version: missing");
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ClusterErrors.invalid("invalid version " + v);
    }
  }

  private void nodes(Exchange x) {
    Filters f = x.filters();
    f.requireKnown(Set.of("id", "label", "membership", "name", "node.label", "role"));
    ClusterSnapshot snap = cluster.objects().snapshot();
    List<ObjectNode> out = new ArrayList<>();
    for (String id : snap.nodes.keySet()) {
      ObjectNode n = ClusterViews.node(snap, id);
      if (prefixMatch(f, "id", id) && anyEquals(f, "name", n.path("Description").path("Hostname").asText())
          && anyEquals(f, "role", n.path("Spec").path("Role").asText())
          && anyEquals(f, "membership", "accepted")
          && f.matchesLabels("node.label", labels(n.path("Spec").path("Labels")))
          && f.matchesLabels("label", labels(n.path("Description").path("Engine").path("Labels")))) {
        out.add(n);
      }
    }
    x.json(out);
  }

  private void services(Exchange x) {
    Filters f = x.filters();
    f.requireKnown(Set.of("id", "label", "mode", "name"));
    ClusterSnapshot snap = cluster.objects().snapshot();
    boolean status = x.flag("status", false);
    List<ObjectNode> out = new ArrayList<>();
    for (String id : snap.services.keySet()) {
      ObjectNode s = ClusterViews.service(snap, id, status);
      JsonNode spec = s.path("Spec");
      String mode = spec.path("Mode").has("Global") ? "global" : spec.path("Mode").has("ReplicatedJob")
          ? "replicated-job" : spec.path("Mode").has("GlobalJob") ? "global-job" : "replicated";
      if (prefixMatch(f, "id", id) && prefixName(f, spec.path("Name").asText()) && anyEquals(f, "mode", mode)
          && f.matchesLabels("label", labels(spec.path("Labels")))) {
        out.add(s);
      }
    }
    x.json(out);
  }

  private void tasks(Exchange x) {
    Filters f = x.filters();
    f.requireKnown(Set.of("desired-state", "id", "label", "name", "node", "service", "_up-to-date"));
    ClusterObjects objects = cluster.objects();
    ClusterSnapshot snap = objects.snapshot();
    Set<String> services = new java.util.HashSet<>();
    for (String ref : f.get("service")) {
      try {
        services.add(objects.resolveService(snap, ref));
      } catch (RuntimeException e) {
        // Docker answers an empty list for an unknown service in a filter
      }
    }
    Set<String> nodes = new java.util.HashSet<>();
    for (String ref : f.get("node")) {
      try {
        nodes.add(objects.resolveNode(snap, ref));
      } catch (RuntimeException e) {
        // as above
      }
    }
    Map<String, String> names = new HashMap<>();
    snap.services.forEach((id, s) -> names.put(id, s.value().path("Spec").path("Name").asText()));
    List<ObjectNode> out = new ArrayList<>();
    for (String id : snap.tasks.keySet()) {
      Task t = snap.task(id);
      if (f.has("service") && !services.contains(t.serviceId())) {
        continue;
      }
      if (f.has("node") && (t.nodeId() == null || !nodes.contains(t.nodeId()))) {
        continue;
      }
      if (!prefixMatch(f, "id", id) || !anyEquals(f, "desired-state", t.desiredState().apiName())) {
        continue;
      }
      String name = names.getOrDefault(t.serviceId(), "") + "." + (t.slot() > 0 ? t.slot() : t.nodeId());
      if (f.has("name") && f.get("name").stream().noneMatch(name::startsWith)) {
        continue;
      }
      if (f.has("_up-to-date") && snap.services.containsKey(t.serviceId())
          && t.specVersion() != snap.services.get(t.serviceId()).value().path("SpecVersion").asLong(1)) {
        continue;
      }
      out.add(ClusterViews.task(snap, id));
    }
    x.json(out);
  }

  private void secretsOrConfigs(Exchange x, String kind) {
    Filters f = x.filters();
    f.requireKnown(Set.of("id", "label", "name", "names"));
    ClusterSnapshot snap = cluster.objects().snapshot();
    List<ObjectNode> out = new ArrayList<>();
    for (Map.Entry<String, ClusterSnapshot.Stored> e : (kind.equals("secret") ? snap.secrets : snap.configs).entrySet()) {
      ObjectNode o = ClusterViews.secretOrConfig(e.getValue(), kind.equals("config"));
      String name = o.path("Spec").path("Name").asText();
      if (prefixMatch(f, "id", e.getKey()) && prefixName(f, name) && anyEquals(f, "names", name)
          && f.matchesLabels("label", labels(o.path("Spec").path("Labels")))) {
        out.add(o);
      }
    }
    x.json(out);
  }

  private static boolean prefixMatch(Filters f, String key, String value) {
    return !f.has(key) || f.get(key).stream().anyMatch(value::startsWith);
  }

  private static boolean prefixName(Filters f, String name) {
    return !f.has("name") || f.get("name").stream().anyMatch(name::startsWith);
  }

  private static boolean anyEquals(Filters f, String key, String value) {
    return !f.has(key) || f.get(key).contains(value);
  }

  private static Map<String, String> labels(JsonNode n) {
    Map<String, String> m = new HashMap<>();
    n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }
}
