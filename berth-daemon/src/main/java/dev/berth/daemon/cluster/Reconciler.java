package dev.berth.daemon.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The leader's orchestrator for one service: compares the tasks in the store with what the spec
 * asks for and answers the writes that close the gap — new tasks for empty slots, shutdowns for
 * surplus, lost or out-of-date ones. It decides; it writes nothing. The same snapshot always gives
 * the same plan, so a leader that dies half-way and a new one that re-plans converge on one truth.
 *
 * <p>Rules, as swarmkit keeps them: a slot whose task finished is refilled according to the restart
 * policy; tasks on nodes that are down or drained are shut down and replaced elsewhere; a rolling
 * update replaces out-of-date tasks {@code parallelism} slots at a time, stopping the old task first
 * unless the order is start-first, in which case the old one stops once its replacement runs.
 */
public final class Reconciler {

  /** The writes that bring a service to its spec: tasks to create and tasks whose desired state changes. */
  public record Plan(List<Task> create, List<Task> shutdown, boolean updateFailed) {
    public boolean empty() {
      return create.isEmpty() && shutdown.isEmpty();
    }
  }

  private final Supplier<String> ids;

  public Reconciler(Supplier<String> ids) {
    this.ids = ids;
  }

  /**
   * Plans one service. {@code tasks} are all of the service's tasks in the store (history included);
   * {@code lastUpdateStep} is when the rolling update last replaced a batch (null if never).
   */
  public Plan plan(ServiceModel svc, List<Task> tasks, List<Node> nodes, Instant lastUpdateStep, Instant now) {
    Map<String, Node> byId = nodes.stream().collect(Collectors.toMap(Node::id, n -> n));
    List<Task> create = new ArrayList<>();
    List<Task> shutdown = new ArrayList<>();
    // tasks whose node is gone, down or drained are lost: their slot is empty again
    for (Task t : tasks) {
      if (t.live() && t.nodeId() != null && lost(byId.get(t.nodeId()), svc)) {
        shutdown.add(t.withDesired(TaskState.SHUTDOWN, now));
      }
    }
    Map<String, Task> lostNow = shutdown.stream().collect(Collectors.toMap(Task::id, t -> t));
    tasks = tasks.stream().map(t -> lostNow.getOrDefault(t.id(), t)).toList();
    List<Task> live = tasks.stream().filter(Task::live).toList();
    boolean failed;
    if (svc.mode().global()) {
      failed = planGlobal(svc, tasks, live, nodes, now, create, shutdown);
    } else {
      failed = planReplicated(svc, tasks, live, lastUpdateStep, now, create, shutdown, byId);
    }
    return new Plan(List.copyOf(create), List.copyOf(shutdown), failed);
  }

  private static boolean lost(Node n, ServiceModel svc) {
    return n == null || !n.ready() || n.availability() == Availability.DRAIN
        || !svc.needs().constraints().stream().allMatch(c -> c.matches(n));
  }

  private boolean planReplicated(ServiceModel svc, List<Task> all, List<Task> live, Instant lastStep, Instant now,
      List<Task> create, List<Task> shutdown, Map<String, Node> nodes) {
    Map<Integer, List<Task>> liveBySlot = new TreeMap<>();
    for (Task t : live) {
      liveBySlot.computeIfAbsent(t.slot(), k -> new ArrayList<>()).add(t);
    }
    int want = svc.mode().job() ? jobSlots(svc, all, live) : svc.replicas();
    // scale down: every slot above the count goes
    for (Map.Entry<Integer, List<Task>> e : liveBySlot.entrySet()) {
      if (e.getKey() > want) {
        e.getValue().forEach(t -> shutdown.add(t.withDesired(TaskState.SHUTDOWN, now)));
      }
    }
    boolean failed = updateFailed(svc, all, now);
    List<Integer> outdated = new ArrayList<>();
    int inFlight = 0;
    for (int slot = 1; slot <= want; slot++) {
      List<Task> here = liveBySlot.getOrDefault(slot, List.of());
      if (here.isEmpty()) {
        inFlight++;
        // stop-first: a replacement waits until the task it replaces has stopped
        if (!stopping(all, slot, nodes) && mayRefill(svc, all, slot, now)) {
          create.add(Task.create(ids.get(), svc.id(), slot, null, svc.version(), now));
        }
        continue;
      }
      List<Task> current = here.stream().filter(t -> t.specVersion() == svc.version())
          .sorted(Comparator.comparing((Task t) -> t.state() != TaskState.RUNNING).thenComparing(Task::createdAt))
          .toList();
      if (current.isEmpty()) {
        outdated.add(slot);
        continue;
      }
      Task keep = current.getFirst();
      if (keep.state() == TaskState.RUNNING) {
        // start-first replacement running, or a duplicate after a node came back: one task per slot
        here.stream().filter(t -> t != keep).forEach(t -> shutdown.add(t.withDesired(TaskState.SHUTDOWN, now)));
      } else {
        inFlight++;
      }
    }
    if (!outdated.isEmpty() && !failed && !svc.updatePaused() && !svc.mode().job()) {
      ServiceModel.Rollout r = svc.update();
      int parallel = r.parallelism() <= 0 ? outdated.size() : r.parallelism();
      int room;
      if (r.delay().isZero()) {
        room = parallel - inFlight;
      } else {
        room = inFlight == 0 && (lastStep == null || !now.isBefore(lastStep.plus(r.delay()))) ? parallel : 0;
      }
      for (int i = 0; i < Math.min(Math.max(room, 0), outdated.size()); i++) {
        int slot = outdated.get(i);
        if (r.startFirst()) {
          create.add(Task.create(ids.get(), svc.id(), slot, null, svc.version(), now));
        } else {
          liveBySlot.get(slot).forEach(t -> shutdown.add(t.withDesired(TaskState.SHUTDOWN, now)));
        }
      }
    }
    return failed;
  }

  /** True while a task of the slot has been told to stop but has not yet, on a node that is still there. */
  private static boolean stopping(List<Task> all, int slot, Map<String, Node> nodes) {
    return all.stream().anyMatch(t -> t.slot() == slot && t.desiredState() != TaskState.RUNNING
        && !t.state().terminal() && t.state().compareTo(TaskState.ASSIGNED) >= 0 && t.nodeId() != null
        && nodes.containsKey(t.nodeId()) && nodes.get(t.nodeId()).ready());
  }

  /** A job's slots: as many as may run at once, but never more than the completions still needed. */
  private static int jobSlots(ServiceModel svc, List<Task> all, List<Task> live) {
    long done = all.stream().filter(t -> t.specVersion() == svc.version() && t.state() == TaskState.COMPLETE).count();
    int remaining = (int) Math.max(0, svc.replicas() - done);
    return Math.min(Math.max(svc.maxConcurrent(), 1), remaining + live.size());
  }

  /** Whether an empty slot gets a new task now, by the restart policy and its delay. */
  private static boolean mayRefill(ServiceModel svc, List<Task> all, int slot, Instant now) {
    List<Task> history = all.stream().filter(t -> t.slot() == slot && t.specVersion() == svc.version())
        .sorted(Comparator.comparing(Task::createdAt)).toList();
    return mayRestart(svc, history, now);
  }

  private static boolean mayRestart(ServiceModel svc, List<Task> history, Instant now) {
    if (history.isEmpty()) {
      return true;
    }
    Task last = history.getLast();
    if (last.desiredState() != TaskState.RUNNING) {
      return true; // shut down by the orchestrator (scale, update, lost node): refill at once
    }
    ServiceModel.Restart r = svc.restart();
    boolean ok = last.state() == TaskState.COMPLETE;
    if (ok && svc.mode().job()) {
      return true; // a job's slot is only a place to run: the completion count says when it is done
    }
    if (r.condition().equals("none") || ok && !r.condition().equals("any")) {
      return false;
    }
    long attempts = history.stream().filter(t -> t.desiredState() == TaskState.RUNNING && t.state().terminal()).count();
    if (r.maxAttempts() > 0 && attempts > r.maxAttempts()) {
      return false;
    }
    return !now.isBefore(last.updatedAt().plus(r.delay()));
  }

  /** True when a task of the current version failed during a rolling update whose failure action stops it. */
  private static boolean updateFailed(ServiceModel svc, List<Task> all, Instant now) {
    boolean updating = all.stream().anyMatch(t -> t.specVersion() != svc.version() && t.live());
    if (!updating || svc.update().failureAction().equals("continue")) {
      return false;
    }
    return all.stream().anyMatch(t -> t.specVersion() == svc.version() && t.desiredState() == TaskState.RUNNING
        && (t.state() == TaskState.FAILED || t.state() == TaskState.REJECTED)
        && !t.updatedAt().isBefore(now.minus(svc.update().monitor().plusSeconds(60))));
  }

  private boolean planGlobal(ServiceModel svc, List<Task> all, List<Task> live, List<Node> nodes, Instant now,
      List<Task> create, List<Task> shutdown) {
    for (Node n : nodes) {
      if (!n.schedulable() || !svc.needs().constraints().stream().allMatch(c -> c.matches(n))) {
        continue;
      }
      List<Task> here = live.stream().filter(t -> n.id().equals(t.nodeId())).toList();
      Task current = here.stream().filter(t -> t.specVersion() == svc.version()).findFirst().orElse(null);
      if (current == null) {
        here.forEach(t -> shutdown.add(t.withDesired(TaskState.SHUTDOWN, now)));
        List<Task> history = all.stream().filter(t -> n.id().equals(t.nodeId()) && t.specVersion() == svc.version())
            .sorted(Comparator.comparing(Task::createdAt)).toList();
        if (mayRestart(svc, history, now) && here.stream().noneMatch(t -> t.specVersion() == svc.version())
            && (!svc.mode().job() || history.stream().noneMatch(t -> t.state() == TaskState.COMPLETE))) {
          create.add(Task.create(ids.get(), svc.id(), 0, n.id(), svc.version(), now));
        }
      }
    }
    return false;
  }
}
