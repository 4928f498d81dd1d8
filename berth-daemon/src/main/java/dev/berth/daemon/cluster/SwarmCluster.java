package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Filters;
import dev.berth.api.Json;
import dev.berth.daemon.cluster.store.ClusterStore;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The swarm API's {@link Cluster} on Berth's own orchestration: every call goes to the cluster
 * service and the store, a store that cannot answer becomes Docker's "unavailable", and a spec the
 * daemon refuses becomes an invalid-argument error. List filters are applied here, as swarmkit
 * applies them on the manager.
 */
public final class SwarmCluster implements Cluster {
  private final ClusterService cluster;

  public SwarmCluster(ClusterService cluster) {
    this.cluster = cluster;
  }

  private static <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (ClusterStore.Unavailable e) {
      throw ClusterErrors.storeDown(e.getMessage());
    } catch (ServiceSpecs.InvalidSpec | Constraint.InvalidConstraint e) {
      throw ClusterErrors.invalid(e.getMessage());
    }
  }

  private static void run(Runnable work) {
    call(() -> {
      work.run();
      return null;
    });
  }

  @Override
  public Swarm swarm() {
    return new Swarm() {
      @Override
      public Object inspect() {
        return call(cluster::inspect);
      }

      @Override
      public String init(JsonNode b) {
        List<String> pools = new ArrayList<>();
        b.path("DefaultAddrPool").forEach(p -> pools.add(p.asText()));
        return call(() -> {
          try {
            return cluster.init(new ClusterService.InitRequest(b.path("ListenAddr").asText(""),
                b.path("AdvertiseAddr").asText(""), b.path("ForceNewCluster").asBoolean(false), b.path("Spec"), pools,
                b.path("SubnetSize").asInt(0), b.path("DataPathPort").asInt(0)));
          } catch (java.io.IOException e) {
            throw ClusterErrors.storeDown(e.getMessage());
          }
        });
      }

      @Override
      public void join(JsonNode b) {
        List<String> remotes = new ArrayList<>();
        b.path("RemoteAddrs").forEach(p -> remotes.add(p.asText()));
        run(() -> {
          try {
            cluster.join(new ClusterService.JoinRequest(b.path("ListenAddr").asText(""),
                b.path("AdvertiseAddr").asText(""), remotes, b.path("JoinToken").asText("")));
          } catch (java.io.IOException e) {
            throw ClusterErrors.storeDown(e.getMessage());
          }
        });
      }

      @Override
      public void leave(boolean force) {
        run(() -> {
          try {
            cluster.leave(force);
          } catch (java.io.IOException e) {
            throw ClusterErrors.storeDown(e.getMessage());
          }
        });
      }

      @Override
      public void update(long version, JsonNode spec, boolean rotateWorker, boolean rotateManager, boolean rotateUnlock) {
        run(() -> cluster.update(version, spec, rotateWorker, rotateManager));
      }

      @Override
      public Object unlockKey() {
        cluster.objects();
        return Map.of("UnlockKey", "");
      }

      @Override
      public void unlock(JsonNode request) {
        cluster.objects();
        throw ClusterErrors.invalid("rpc error: code = FailedPrecondition desc = swarm is not locked");
      }
    };
  }

  @Override
  public Catalog nodes() {
    return new Catalog() {
      @Override
      public Object list(Filters f) {
        f.requireKnown(Set.of("id", "label", "membership", "name", "node.label", "role"));
        return call(() -> {
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
          return out;
        });
      }

      @Override
      public Object inspect(String id) {
        return call(() -> {
          ClusterSnapshot snap = cluster.objects().snapshot();
          return ClusterViews.node(snap, cluster.objects().resolveNode(snap, id));
        });
      }

      @Override
      public void remove(String id, boolean force) {
        run(() -> cluster.objects().removeNode(id, force, cluster.membership().map(Membership::nodeId).orElse("")));
      }

      @Override
      public void update(String id, long version, JsonNode spec) {
        run(() -> cluster.objects().updateNode(id, version, spec));
        cluster.nudge();
      }
    };
  }

  @Override
  public Services services() {
    return new Services() {
      @Override
      public Object list(Filters f, boolean status) {
        f.requireKnown(Set.of("id", "label", "mode", "name"));
        return call(() -> {
          ClusterSnapshot snap = cluster.objects().snapshot();
          List<ObjectNode> out = new ArrayList<>();
          for (String id : snap.services.keySet()) {
            ObjectNode s = ClusterViews.service(snap, id, status);
            JsonNode spec = s.path("Spec");
            String mode = spec.path("Mode").has("Global") ? "global" : spec.path("Mode").has("ReplicatedJob")
                ? "replicated-job" : spec.path("Mode").has("GlobalJob") ? "global-job" : "replicated";
            if (prefixMatch(f, "id", id) && prefixMatch(f, "name", spec.path("Name").asText())
                && anyEquals(f, "mode", mode) && f.matchesLabels("label", labels(spec.path("Labels")))) {
              out.add(s);
            }
          }
          return out;
        });
      }

      @Override
      public Object create(JsonNode spec, String registryAuth) {
        String id = call(() -> cluster.objects().createService(spec));
        cluster.nudge();
        ObjectNode out = Json.api().createObjectNode();
        out.put("ID", id);
        out.putArray("Warnings");
        return out;
      }

      @Override
      public Object inspect(String id, boolean insertDefaults) {
        return call(() -> {
          ClusterSnapshot snap = cluster.objects().snapshot();
          ObjectNode s = ClusterViews.service(snap, cluster.objects().resolveService(snap, id), false);
          if (insertDefaults) {
            s.set("Spec", ServiceSpecs.withDefaults((ObjectNode) s.path("Spec")));
          }
          return s;
        });
      }

      @Override
      public void remove(String id) {
        run(() -> cluster.objects().removeService(id));
        cluster.nudge();
      }

      @Override
      public Object update(String id, long version, JsonNode spec, String rollback, String registryAuth) {
        run(() -> cluster.objects().updateService(id, version, spec, "previous".equals(rollback)));
        cluster.nudge();
        ObjectNode out = Json.api().createObjectNode();
        out.putArray("Warnings");
        return out;
      }

      @Override
      public void logs(String id, LogQuery query, OutputStream out) {
        cluster.objects();
        throw ClusterErrors.failedPrecondition("docker service logs is not available in Berth yet:"
            + " use docker logs on the task's container");
      }
    };
  }

  @Override
  public Tasks tasks() {
    return new Tasks() {
      @Override
      public Object list(Filters f) {
        f.requireKnown(Set.of("desired-state", "id", "label", "name", "node", "service", "_up-to-date"));
        return call(() -> listTasks(f));
      }

      @Override
      public Object inspect(String id) {
        return call(() -> {
          ClusterSnapshot snap = cluster.objects().snapshot();
          return ClusterViews.task(snap, cluster.objects().resolveTask(snap, id));
        });
      }

      @Override
      public void logs(String id, LogQuery query, OutputStream out) {
        cluster.objects();
        throw ClusterErrors.failedPrecondition("docker service logs is not available in Berth yet:"
            + " use docker logs on the task's container");
      }
    };
  }

  private List<ObjectNode> listTasks(Filters f) {
    ClusterObjects objects = cluster.objects();
    ClusterSnapshot snap = objects.snapshot();
    Set<String> services = new HashSet<>();
    for (String ref : f.get("service")) {
      try {
        services.add(objects.resolveService(snap, ref));
      } catch (ClusterException e) {
        // Docker answers an empty list for an unknown service in a filter
      }
    }
    Set<String> nodes = new HashSet<>();
    for (String ref : f.get("node")) {
      try {
        nodes.add(objects.resolveNode(snap, ref));
      } catch (ClusterException e) {
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
    return out;
  }

  @Override
  public Stored secrets() {
    return stored("secret");
  }

  @Override
  public Stored configs() {
    return stored("config");
  }

  private Stored stored(String kind) {
    return new Stored() {
      @Override
      public Object create(JsonNode spec) {
        return Map.of("ID", call(() -> cluster.objects().createSecretOrConfig(kind, spec)));
      }

      @Override
      public Object list(Filters f) {
        f.requireKnown(Set.of("id", "label", "name", "names"));
        return call(() -> {
          ClusterSnapshot snap = cluster.objects().snapshot();
          List<ObjectNode> out = new ArrayList<>();
          for (Map.Entry<String, ClusterSnapshot.Stored> e
              : (kind.equals("secret") ? snap.secrets : snap.configs).entrySet()) {
            ObjectNode o = ClusterViews.secretOrConfig(e.getValue(), kind.equals("config"));
            String name = o.path("Spec").path("Name").asText();
            if (prefixMatch(f, "id", e.getKey()) && prefixMatch(f, "name", name) && anyEquals(f, "names", name)
                && f.matchesLabels("label", labels(o.path("Spec").path("Labels")))) {
              out.add(o);
            }
          }
          return out;
        });
      }

      @Override
      public Object inspect(String id) {
        return call(() -> {
          ClusterSnapshot snap = cluster.objects().snapshot();
          String resolved = cluster.objects().resolveSecretOrConfig(snap, kind, id);
          return ClusterViews.secretOrConfig((kind.equals("secret") ? snap.secrets : snap.configs).get(resolved),
              kind.equals("config"));
        });
      }

      @Override
      public void remove(String id, boolean force) {
        run(() -> cluster.objects().removeSecretOrConfig(kind, id));
      }

      @Override
      public void update(String id, long version, JsonNode spec) {
        run(() -> cluster.objects().updateSecretOrConfig(kind, id, version, spec));
      }
    };
  }

  private static boolean prefixMatch(Filters f, String key, String value) {
    return !f.has(key) || f.get(key).stream().anyMatch(value::startsWith);
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
