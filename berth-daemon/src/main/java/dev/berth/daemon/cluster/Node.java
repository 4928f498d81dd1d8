package dev.berth.daemon.cluster;

import java.util.Map;

/**
 * A node as the scheduler sees it: who it is, whether it is alive (its lease in the store has not
 * expired), what it may be given, and what it has to give.
 *
 * @param nanoCpus the node's CPUs in billionths, as the Engine API counts them
 * @param memoryBytes the node's memory
 */
public record Node(String id, String hostname, NodeRole role, Availability availability, boolean ready,
    Map<String, String> labels, String address, long nanoCpus, long memoryBytes) {

  public Node {
    labels = Map.copyOf(labels);
  }

  /** True when the scheduler may place new tasks here. */
  public boolean schedulable() {
    return ready && availability == Availability.ACTIVE;
  }

  public Node withAvailability(Availability a) {
    return new Node(id, hostname, role, a, ready, labels, address, nanoCpus, memoryBytes);
  }

  public Node withReady(boolean r) {
    return new Node(id, hostname, role, availability, r, labels, address, nanoCpus, memoryBytes);
  }

  public Node withLabels(Map<String, String> l) {
    return new Node(id, hostname, role, availability, ready, l, address, nanoCpus, memoryBytes);
  }
}
