package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.cluster.store.ClusterStore;
import dev.berth.daemon.cluster.store.ClusterStore.Condition;
import dev.berth.daemon.cluster.store.ClusterStore.Op;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Creates, finds, updates and removes the cluster's objects in the store on behalf of the API:
 * names made unique by a key of their own in the same transaction, versions checked against the
 * key's revision ("update out of sequence"), references resolved by ID, name or unique ID prefix.
 */
final class ClusterObjects {
  private final ClusterStore store;
  private final Clock clock;
  private final Supplier<String> ids;

  ClusterObjects(ClusterStore store, Clock clock, Supplier<String> ids) {
    this.store = store;
    this.clock = clock;
    this.ids = ids;
  }

  ClusterSnapshot snapshot() {
    return ClusterSnapshot.read(store);
  }

  // ---- services

  String createService(JsonNode spec) {
    ServiceSpecs.validate(spec);
    ServiceSpecs.normalise((ObjectNode) spec);
    String id = ids.get();
    String name = spec.path("Name").asText("");
    if (name.isEmpty()) {
      name = NameWords.random();
      ((ObjectNode) spec).put("Name", name);
    }
    Instant now = clock.instant();
    ObjectNode svc = Json.api().createObjectNode();
    svc.put("ID", id).put("CreatedAt", now.toString()).put("UpdatedAt", now.toString()).put("SpecVersion", 1);
    svc.set("Spec", spec);
    long rev = store.commit(List.of(new Condition.Absent(Keys.SERVICE_NAMES + name)),
        List.of(new Op.Put(Keys.SERVICES + id, Json.toString(svc)), new Op.Put(Keys.SERVICE_NAMES + name, id)));
    if (rev < 0) {
      throw ClusterErrors.nameConflict("service", name);
    }
    return id;
  }

  String resolveService(ClusterSnapshot snap, String ref) {
    return resolve(snap.services, ref, s -> s.path("Spec").path("Name").asText(), "service");
  }

  /**
   * Replaces a service's spec at {@code version}; {@code rollback} restores the previous spec. A
   * changed task template (or a bumped ForceUpdate) starts a rolling update.
   */
  void updateService(String ref, long version, JsonNode spec, boolean rollback) {
    ClusterSnapshot snap = snapshot();
    String id = resolveService(snap, ref);
    ClusterSnapshot.Stored stored = snap.services.get(id);
    if (stored.modRevision() != version) {
      throw ClusterErrors.outOfSequence();
    }
    JsonNode current = stored.value().path("Spec");
    JsonNode next;
    if (rollback) {
      if (!stored.value().has("PreviousSpec")) {
        throw ClusterErrors.invalid("rpc error: code = FailedPrecondition desc = service " + id
            + " does not have a previous spec");
      }
      next = stored.value().path("PreviousSpec").deepCopy();
    } else {
      ServiceSpecs.validate(spec);
      ServiceSpecs.normalise((ObjectNode) spec);
      next = spec;
    }
    String oldName = current.path("Name").asText();
    String newName = next.path("Name").asText(oldName);
    if (!oldName.equals(newName)) {
      throw ClusterErrors.invalid("rpc error: code = Unimplemented desc = renaming services is not supported");
    }
    ObjectNode svc = stored.value().deepCopy();
    Instant now = clock.instant();
    svc.set("PreviousSpec", current.deepCopy());
    svc.set("Spec", next);
    svc.put("UpdatedAt", now.toString());
    if (ServiceSpecs.templateChanged(current, next)) {
      svc.put("SpecVersion", svc.path("SpecVersion").asLong(1) + 1);
      svc.putObject("UpdateStatus").put("State", rollback ? "rollback_started" : "updating")
          .put("StartedAt", now.toString())
          .put("Message", rollback ? "manually requested rollback" : "update in progress");
      svc.remove("LastStep");
    }
    if (store.commit(List.of(new Condition.AtRevision(stored.key(), version)),
        List.of(new Op.Put(stored.key(), Json.toString(svc)))) < 0) {
      throw ClusterErrors.outOfSequence();
    }
  }

  void removeService(String ref) {
    ClusterSnapshot snap = snapshot();
    String id = resolveService(snap, ref);
    String name = snap.services.get(id).value().path("Spec").path("Name").asText();
    store.commit(List.of(), List.of(new Op.Delete(Keys.SERVICES + id), new Op.Delete(Keys.SERVICE_NAMES + name)));
  }

  // ---- nodes

  String resolveNode(ClusterSnapshot snap, String ref) {
    return resolve(snap.nodes, ref, n -> n.path("Description").path("Hostname").asText(), "node");
  }

  void updateNode(String ref, long version, JsonNode spec) {
    ClusterSnapshot snap = snapshot();
    String id = resolveNode(snap, ref);
    ClusterSnapshot.Stored stored = snap.nodes.get(id);
    if (stored.modRevision() != version) {
      throw ClusterErrors.outOfSequence();
    }
    ObjectNode n = stored.value().deepCopy();
    ObjectNode s = n.putObject("Spec");
    s.set("Labels", spec.path("Labels").isObject() ? spec.path("Labels").deepCopy() : s.objectNode());
    if (spec.hasNonNull("Name")) {
      s.put("Name", spec.path("Name").asText());
    }
    String role = spec.path("Role").asText(stored.value().path("Spec").path("Role").asText("worker"));
    String availability = spec.path("Availability").asText("active");
    try {
      NodeRole.fromApi(role);
      Availability.fromApi(availability);
    } catch (IllegalArgumentException e) {
      throw ClusterErrors.invalid("invalid role or availability: " + role + ", " + availability);
    }
    s.put("Role", role).put("Availability", availability);
    n.put("UpdatedAt", clock.instant().toString());
    if (store.commit(List.of(new Condition.AtRevision(stored.key(), version)),
        List.of(new Op.Put(stored.key(), Json.toString(n)))) < 0) {
      throw ClusterErrors.outOfSequence();
    }
  }

  void removeNode(String ref, boolean force, String self) {
    ClusterSnapshot snap = snapshot();
    String id = resolveNode(snap, ref);
    boolean alive = snap.alive.contains(id);
    if (alive && !force) {
      throw ClusterErrors.invalid("rpc error: code = FailedPrecondition desc = node " + id
          + " is not down and can't be removed");
    }
    if (id.equals(self)) {
      throw ClusterErrors.invalid("rpc error: code = FailedPrecondition desc = node " + id
          + " is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal");
    }
    store.commit(List.of(), List.of(new Op.Delete(Keys.NODES + id), new Op.Delete(Keys.ALIVE + id)));
  }

  // ---- tasks

  String resolveTask(ClusterSnapshot snap, String ref) {
    return resolve(snap.tasks, ref, t -> "", "task");
  }

  // ---- secrets and configs

  String createSecretOrConfig(String kind, JsonNode spec) {
    String name = spec.path("Name").asText("");
    if (name.isEmpty() || !name.matches("[a-zA-Z0-9](?:[a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9])?")) {
      throw ClusterErrors.invalid("invalid name, only 64 [a-zA-Z0-9-_.] characters allowed, and the start and end"
          + " character must be [a-zA-Z0-9]");
    }
    String dataKey = kind.equals("secret") ? Keys.SECRETS : Keys.CONFIGS;
    String nameKey = kind.equals("secret") ? Keys.SECRET_NAMES : Keys.CONFIG_NAMES;
    String id = ids.get();
    Instant now = clock.instant();
    ObjectNode o = Json.api().createObjectNode();
    o.put("ID", id).put("CreatedAt", now.toString()).put("UpdatedAt", now.toString());
    o.set("Spec", spec.deepCopy());
    long rev = store.commit(List.of(new Condition.Absent(nameKey + name)),
        List.of(new Op.Put(dataKey + id, Json.toString(o)), new Op.Put(nameKey + name, id)));
    if (rev < 0) {
      throw ClusterErrors.nameConflict(kind, name);
    }
    return id;
  }

  String resolveSecretOrConfig(ClusterSnapshot snap, String kind, String ref) {
    return resolve(kind.equals("secret") ? snap.secrets : snap.configs, ref, o -> o.path("Spec").path("Name").asText(),
        kind);
  }

  void removeSecretOrConfig(String kind, String ref) {
    ClusterSnapshot snap = snapshot();
    String id = resolveSecretOrConfig(snap, kind, ref);
    Map<String, ClusterSnapshot.Stored> all = kind.equals("secret") ? snap.secrets : snap.configs;
    String name = all.get(id).value().path("Spec").path("Name").asText();
    List<String> users = new ArrayList<>();
    String field = kind.equals("secret") ? "Secrets" : "Configs";
    for (ClusterSnapshot.Stored s : snap.services.values()) {
      for (JsonNode ref2 : s.value().path("Spec").path("TaskTemplate").path("ContainerSpec").path(field)) {
        if (id.equals(ref2.path(kind.equals("secret") ? "SecretID" : "ConfigID").asText())) {
          users.add(s.value().path("Spec").path("Name").asText());
        }
      }
    }
    if (!users.isEmpty()) {
      throw ClusterErrors.invalid("rpc error: code = InvalidArgument desc = " + kind + " '" + name
          + "' is in use by the following service: " + String.join(", ", users));
    }
    String dataKey = kind.equals("secret") ? Keys.SECRETS : Keys.CONFIGS;
    String nameKey = kind.equals("secret") ? Keys.SECRET_NAMES : Keys.CONFIG_NAMES;
    store.commit(List.of(), List.of(new Op.Delete(dataKey + id), new Op.Delete(nameKey + name)));
  }

  void updateSecretOrConfig(String kind, String ref, long version, JsonNode spec) {
    ClusterSnapshot snap = snapshot();
    String id = resolveSecretOrConfig(snap, kind, ref);
    ClusterSnapshot.Stored stored = (kind.equals("secret") ? snap.secrets : snap.configs).get(id);
    if (stored.modRevision() != version) {
      throw ClusterErrors.outOfSequence();
    }
    ObjectNode o = stored.value().deepCopy();
    JsonNode old = o.path("Spec");
    if (spec.has("Data") && !spec.path("Data").equals(old.path("Data"))) {
      throw ClusterErrors.invalid("rpc error: code = InvalidArgument desc = only updates to Labels are allowed");
    }
    ((ObjectNode) o.path("Spec")).set("Labels", spec.path("Labels").deepCopy());
    o.put("UpdatedAt", clock.instant().toString());
    if (store.commit(List.of(new Condition.AtRevision(stored.key(), version)),
        List.of(new Op.Put(stored.key(), Json.toString(o)))) < 0) {
      throw ClusterErrors.outOfSequence();
    }
  }

  /** An ID, a unique ID prefix or a name; Docker's not-found error otherwise. */
  private static String resolve(Map<String, ClusterSnapshot.Stored> objects, String ref,
      java.util.function.Function<JsonNode, String> name, String kind) {
    if (objects.containsKey(ref)) {
      return ref;
    }
    for (Map.Entry<String, ClusterSnapshot.Stored> e : objects.entrySet()) {
      if (ref.equals(name.apply(e.getValue().value()))) {
        return e.getKey();
      }
    }
    List<String> prefixed = objects.keySet().stream().filter(k -> k.startsWith(ref)).toList();
    if (prefixed.size() == 1 && !ref.isEmpty()) {
      return prefixed.getFirst();
    }
    throw ClusterErrors.notFound(kind, ref);
  }
}
