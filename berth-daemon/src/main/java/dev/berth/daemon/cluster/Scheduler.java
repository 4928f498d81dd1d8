package dev.berth.daemon.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses a node for each task that has none, as swarmkit's scheduler does: only nodes that are
 * ready, active, satisfy every constraint and still have the reserved resources free; among those,
 * the node with the fewest tasks of the same service, then the fewest tasks overall, so replicas
 * spread across the cluster. Pure: it sees a snapshot and answers a plan, so it is tested without a
 * store.
 */
public final class Scheduler {

  /** A placement: the task goes to {@code nodeId}, or stays pending for {@code reason}. */
  public record Decision(String taskId, String nodeId, String reason) {
    public boolean placed() {
      return nodeId != null;
    }
  }

  /** What one node already carries: counted from the active tasks in the snapshot. */
  private static final class Load {
    int tasks;
    final Map<String, Integer> perService = new HashMap<>();
    long nanoCpus;
    long memoryBytes;
  }

  /**
   * Places {@code pending} (tasks without a node) given the cluster's nodes and the tasks already
   * placed. {@code needs} gives each service's needs by service ID.
   */
  public List<Decision> place(List<Task> pending, List<Node> nodes, List<Task> placed, Map<String, TaskNeeds> needs) {
    Map<String, Load> loads = new HashMap<>();
    for (Node n : nodes) {
      loads.put(n.id(), new Load());
    }
    for (Task t : placed) {
      if (t.nodeId() != null && t.desiredState() == TaskState.RUNNING && !t.state().terminal()) {
        Load l = loads.get(t.nodeId());
        if (l != null) {
          add(l, t, needs.getOrDefault(t.serviceId(), TaskNeeds.NONE));
        }
      }
    }
    List<Decision> out = new ArrayList<>();
    for (Task t : pending) {
      TaskNeeds need = needs.getOrDefault(t.serviceId(), TaskNeeds.NONE);
      List<Node> fit = new ArrayList<>();
      String reason = fit(t, need, nodes, loads, fit);
      if (fit.isEmpty()) {
        out.add(new Decision(t.id(), null, reason));
        continue;
      }
      Node best = fit.stream().min(Comparator
          .comparingInt((Node n) -> loads.get(n.id()).perService.getOrDefault(t.serviceId(), 0))
          .thenComparingInt(n -> loads.get(n.id()).tasks)
          .thenComparing(Node::id)).orElseThrow();
      add(loads.get(best.id()), t, need);
      out.add(new Decision(t.id(), best.id(), null));
    }
    return out;
  }

  /** Fills {@code fit} with the nodes the task may go to; answers why none fits, in swarmkit's words. */
  private static String fit(Task t, TaskNeeds need, List<Node> nodes, Map<String, Load> loads, List<Node> fit) {
    int ready = 0;
    int constrained = 0;
    int cpu = 0;
    int memory = 0;
    for (Node n : nodes) {
      if (!n.schedulable()) {
        continue;
      }
      if (t.nodeId() != null && !t.nodeId().equals(n.id())) {
        continue; // a global task is bound to its node
      }
      ready++;
      if (!need.constraints().stream().allMatch(c -> c.matches(n))) {
        constrained++;
        continue;
      }
      Load l = loads.get(n.id());
      if (need.nanoCpus() > 0 && l.nanoCpus + need.nanoCpus() > n.nanoCpus()) {
        cpu++;
        continue;
      }
      if (need.memoryBytes() > 0 && l.memoryBytes + need.memoryBytes() > n.memoryBytes()) {
        memory++;
        continue;
      }
      fit.add(n);
    }
    if (ready == 0) {
      return "no suitable node (no node available)";
    }
    List<String> why = new ArrayList<>();
    if (constrained > 0) {
      why.add("scheduling constraints not satisfied on " + constrained + " node" + (constrained == 1 ? "" : "s"));
    }
    if (cpu > 0) {
      why.add("insufficient resources on " + cpu + " node" + (cpu == 1 ? "" : "s"));
    }
    if (memory > 0) {
      why.add("insufficient memory on " + memory + " node" + (memory == 1 ? "" : "s"));
    }
    return "no suitable node (" + String.join("; ", why) + ")";
  }

  private static void add(Load l, Task t, TaskNeeds need) {
    l.tasks++;
    l.perService.merge(t.serviceId(), 1, Integer::sum);
    l.nanoCpus += need.nanoCpus();
    l.memoryBytes += need.memoryBytes();
  }
}
