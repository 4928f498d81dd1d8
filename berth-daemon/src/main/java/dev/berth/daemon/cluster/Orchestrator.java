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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's work, one pass at a time: read the cluster, let the {@link Reconciler} plan each
 * service and the {@link Scheduler} place what is pending, clean old task history, and write it
 * all in transactions that hold only while this node still holds the leader key. A node that lost
 * the leadership mid-pass writes nothing; the next leader re-plans from the store.
 */
final class Orchestrator {
  private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);
  /** swarmkit's default: five finished tasks kept per slot for {@code service ps}. */
  static final int HISTORY = 5;
  private static final int MAX_OPS = 100;
  private final ClusterStore store;
  private final String nodeId;
  private final Clock clock;
  private final Reconciler reconciler;
  private final Scheduler scheduler = new Scheduler();

  Orchestrator(ClusterStore store, String nodeId, Clock clock, Supplier<String> ids) {
    this.store = store;
    this.nodeId = nodeId;
    this.clock = clock;
    this.reconciler = new Reconciler(ids);
  }

  /** One pass; answers false when this node is not (or no longer) the leader. */
  boolean reconcileOnce() {
    ClusterSnapshot snap = ClusterSnapshot.read(store);
    if (!nodeId.equals(snap.leaderId())) {
      return false;
    }
    Instant now = clock.instant();
    List<Node> nodes = snap.nodeViews();
    Map<String, Node> byId = new HashMap<>();
    nodes.forEach(n -> byId.put(n.id(), n));
    List<Op> ops = new ArrayList<>();
    Map<String, TaskNeeds> needs = new HashMap<>();
    List<Task> pending = new ArrayList<>();
    List<Task> placed = new ArrayList<>();
    Map<String, JsonNode> templates = new HashMap<>();
    for (Map.Entry<String, ClusterSnapshot.Stored> e : snap.services.entrySet()) {
      String id = e.getKey();
      JsonNode svc = e.getValue().value();
      JsonNode spec = svc.path("Spec");
      String updateState = svc.path("UpdateStatus").path("State").asText("");
      boolean paused = updateState.endsWith("paused");
      ServiceModel model = ServiceSpecs.model(id, svc.path("SpecVersion").asLong(1), spec, paused);
      if (updateState.startsWith("rollback")) {
        model = ServiceSpecs.withRollbackPace(model, spec);
      }
      needs.put(id, model.needs());
      List<Task> tasks = snap.tasksOf(id);
      Instant lastStep = svc.hasNonNull("LastStep") ? Instant.parse(svc.path("LastStep").asText()) : null;
      Reconciler.Plan plan = reconciler.plan(model, tasks, nodes, lastStep, now);
      templates.put(id, svc.path("Spec").path("TaskTemplate").deepCopy());
      for (Task t : plan.shutdown()) {
        ops.add(new Op.Put(Keys.TASKS + t.id(), Json.toString(TaskCodec.rewrite(snap.tasks.get(t.id()).value(), t))));
      }
      for (Task t : plan.create()) {
        pending.add(t);
      }
      ObjectNode updated = updateStatus(svc, model, tasks, plan, now);
      if (updated != null) {
        ops.add(new Op.Put(e.getValue().key(), Json.toString(updated)));
      }
      for (Task t : tasks) {
        if (t.live() && plan.shutdown().stream().noneMatch(s -> s.id().equals(t.id()))) {
          (t.nodeId() == null ? pending : placed).add(t);
        }
      }
      history(snap, tasks, ops);
    }
    orphans(snap, byId, ops);
    for (Scheduler.Decision d : scheduler.place(pending, nodes, placed, needs)) {
      Task t = pending.stream().filter(p -> p.id().equals(d.taskId())).findFirst().orElseThrow();
      Task next = d.placed() ? t.withNode(d.nodeId(), now) : t.pending(d.reason(), now);
      ClusterSnapshot.Stored stored = snap.tasks.get(t.id());
      if (stored == null) {
        JsonNode svcSpec = snap.services.get(t.serviceId()).value().path("Spec");
        ops.add(new Op.Put(Keys.TASKS + t.id(), Json.toString(TaskCodec.leaderPart(next, templates.get(t.serviceId()),
            svcSpec.path("Name").asText(), svcSpec.path("EndpointSpec")))));
      } else if (!stored.value().path("Err").asText("").equals(next.err())
          || !stored.value().path("State").asText().equals(next.state().apiName())) {
        ops.add(new Op.Put(Keys.TASKS + t.id(), Json.toString(TaskCodec.rewrite(stored.value(), next))));
      }
    }
    return write(snap, ops);
  }

  /** The service's UpdateStatus after this pass, or null when it does not change. */
  private ObjectNode updateStatus(JsonNode svc, ServiceModel model, List<Task> tasks, Reconciler.Plan plan, Instant now) {
    String state = svc.path("UpdateStatus").path("State").asText("");
    boolean outdated = tasks.stream().anyMatch(t -> t.live() && t.specVersion() != model.version());
    boolean stepped = plan.shutdown().stream().anyMatch(t -> t.specVersion() != model.version())
        || plan.create().stream().anyMatch(c -> tasks.stream().anyMatch(
            t -> t.live() && t.slot() == c.slot() && t.specVersion() != model.version()));
    ObjectNode s = svc.deepCopy();
    boolean changed = false;
    if (stepped) {
      s.put("LastStep", now.toString());
      changed = true;
    }
    if (plan.updateFailed() && (state.equals("updating") || state.equals("rollback_started"))) {
      String action = model.update().failureAction();
      if (action.equals("rollback") && state.equals("updating") && svc.has("PreviousSpec")) {
        s.set("Spec", svc.path("PreviousSpec").deepCopy());
        s.set("PreviousSpec", svc.path("Spec").deepCopy());
        s.put("SpecVersion", svc.path("SpecVersion").asLong(1) + 1);
        s.putObject("UpdateStatus").put("State", "rollback_started").put("StartedAt", now.toString())
            .put("Message", "update rolled back due to failure or early termination of task");
      } else {
        ((ObjectNode) s.path("UpdateStatus")).put("State", state.equals("updating") ? "paused" : "rollback_paused")
            .put("Message", "update paused due to failure or early termination of task");
      }
      return s;
    }
    List<Task> live = tasks.stream().filter(Task::live).toList();
    boolean settled = !outdated && plan.empty()
        && live.stream().allMatch(t -> t.specVersion() == model.version() && t.state() == TaskState.RUNNING)
        && (model.mode() != ServiceModel.Mode.REPLICATED || live.size() >= model.replicas());
    if (settled && (state.equals("updating") || state.equals("rollback_started"))) {
      ((ObjectNode) s.path("UpdateStatus")).put("State", state.equals("updating") ? "completed" : "rollback_completed")
          .put("CompletedAt", now.toString())
          .put("Message", state.equals("updating") ? "update completed" : "rollback completed");
      return s;
    }
    return changed ? s : null;
  }

  /** Drops finished tasks beyond the history limit of each slot (and their status keys). */
  private static void history(ClusterSnapshot snap, List<Task> tasks, List<Op> ops) {
    Map<String, List<Task>> bySlot = new HashMap<>();
    for (Task t : tasks) {
      if (!t.live() && (t.state().terminal() || t.nodeId() == null)) {
        bySlot.computeIfAbsent(t.slot() + "/" + (t.slot() == 0 ? t.nodeId() : ""), k -> new ArrayList<>()).add(t);
      }
    }
    for (List<Task> slot : bySlot.values()) {
      slot.sort(Comparator.comparing(Task::createdAt).reversed());
      for (Task old : slot.subList(Math.min(HISTORY, slot.size()), slot.size())) {
        ops.add(new Op.Delete(Keys.TASKS + old.id()));
        ops.add(new Op.Delete(Keys.TASK_STATUS + old.id()));
      }
    }
  }

  /** Tasks of removed services: told to stop while their node can hear it, deleted once stopped or unreachable. */
  private static void orphans(ClusterSnapshot snap, Map<String, Node> nodes, List<Op> ops) {
    Instant now = Instant.now();
    for (String id : snap.tasks.keySet()) {
      JsonNode leader = snap.tasks.get(id).value();
      if (snap.services.containsKey(leader.path("ServiceID").asText())) {
        continue;
      }
      Task t = snap.task(id);
      Node n = t.nodeId() == null ? null : nodes.get(t.nodeId());
      if (t.state().terminal() || n == null || !n.ready() || t.state().compareTo(TaskState.ASSIGNED) < 0) {
        ops.add(new Op.Delete(Keys.TASKS + id));
        ops.add(new Op.Delete(Keys.TASK_STATUS + id));
      } else if (t.desiredState() == TaskState.RUNNING) {
        ops.add(new Op.Put(Keys.TASKS + id, Json.toString(TaskCodec.rewrite(leader, t.withDesired(TaskState.REMOVE, now)))));
      }
    }
  }

  private boolean write(ClusterSnapshot snap, List<Op> ops) {
    List<Condition> guard = List.of(new Condition.AtRevision(Keys.LEADER, snap.leader.modRevision()));
    for (int i = 0; i < ops.size(); i += MAX_OPS) {
      List<Op> batch = ops.subList(i, Math.min(ops.size(), i + MAX_OPS));
      if (store.commit(guard, batch) < 0) {
        LOG.info("lost the leadership during a pass; {} writes not made", ops.size() - i);
        return false;
      }
    }
    return true;
  }
}
