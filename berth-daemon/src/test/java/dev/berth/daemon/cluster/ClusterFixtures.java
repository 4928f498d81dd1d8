package dev.berth.daemon.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Small builders for the cluster's pure tests: nodes, services and a clock that moves only when told. */
final class ClusterFixtures {
  static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

  private ClusterFixtures() {}

  static Node node(String id) {
    return new Node(id, "host-" + id, NodeRole.WORKER, Availability.ACTIVE, true, Map.of(), "10.0.0." + id.length(),
        2_000_000_000L, 4L << 30);
  }

  static Node manager(String id) {
    return new Node(id, "host-" + id, NodeRole.MANAGER, Availability.ACTIVE, true, Map.of(), "10.0.0.1",
        2_000_000_000L, 4L << 30);
  }

  static ServiceModel replicated(String id, long version, int replicas) {
    return new ServiceModel(id, id, version, ServiceModel.Mode.REPLICATED, replicas, 0, TaskNeeds.NONE,
        ServiceModel.Restart.DEFAULT, ServiceModel.Rollout.DEFAULT, false);
  }

  static ServiceModel withRollout(ServiceModel s, ServiceModel.Rollout r) {
    return new ServiceModel(s.id(), s.name(), s.version(), s.mode(), s.replicas(), s.maxConcurrent(), s.needs(),
        s.restart(), r, s.updatePaused());
  }

  static ServiceModel withRestart(ServiceModel s, ServiceModel.Restart r) {
    return new ServiceModel(s.id(), s.name(), s.version(), s.mode(), s.replicas(), s.maxConcurrent(), s.needs(),
        r, s.update(), s.updatePaused());
  }

  static ServiceModel global(String id, long version) {
    return new ServiceModel(id, id, version, ServiceModel.Mode.GLOBAL, 0, 0, TaskNeeds.NONE,
        ServiceModel.Restart.DEFAULT, ServiceModel.Rollout.DEFAULT, false);
  }

  static Supplier<String> ids() {
    AtomicInteger n = new AtomicInteger();
    return () -> "task" + n.incrementAndGet();
  }

  /** A task already running on a node. */
  static Task running(String id, String service, int slot, String node, long version, Instant at) {
    return Task.create(id, service, slot, null, version, at).withNode(node, at)
        .report(TaskState.RUNNING, "started", "", "c-" + id, 0, at);
  }

  static Task finished(Task t, TaskState state, int exit, Instant at) {
    return t.report(state, state.apiName(), exit == 0 ? "" : "task: non-zero exit (" + exit + ")", t.containerId(),
        exit, at);
  }

  static Duration secs(long s) {
    return Duration.ofSeconds(s);
  }

  static List<Node> nodes(String... ids) {
    return java.util.Arrays.stream(ids).map(ClusterFixtures::node).toList();
  }
}
