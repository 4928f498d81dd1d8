package dev.berth.daemon.cluster;

import static dev.berth.daemon.cluster.ClusterFixtures.T0;
import static dev.berth.daemon.cluster.ClusterFixtures.node;
import static dev.berth.daemon.cluster.ClusterFixtures.nodes;
import static dev.berth.daemon.cluster.ClusterFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private final Scheduler scheduler = new Scheduler();

  private static List<Task> pending(String service, int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> Task.create("t" + i, service, i, null, 1, T0)).toList();
  }

  private static Map<String, Long> perNode(List<Scheduler.Decision> ds) {
    return ds.stream().filter(Scheduler.Decision::placed)
        .collect(Collectors.groupingBy(Scheduler.Decision::nodeId, Collectors.counting()));
  }

  @Test
  void replicasSpreadEvenlyAcrossNodes() {
    List<Scheduler.Decision> ds = scheduler.place(pending("web", 6), nodes("a", "b", "c"), List.of(), Map.of());
    assertThat(perNode(ds)).containsOnly(Map.entry("a", 2L), Map.entry("b", 2L), Map.entry("c", 2L));
  }

  @Test
  void spreadCountsTasksAlreadyPlacedOfTheSameServiceFirst() {
    List<Task> placed = new ArrayList<>(List.of(running("x1", "web", 1, "a", 1, T0), running("x2", "web", 2, "a", 1, T0),
        running("y1", "db", 1, "b", 1, T0), running("y2", "db", 2, "b", 1, T0), running("y3", "db", 3, "b", 1, T0)));
    List<Scheduler.Decision> ds = scheduler.place(pending("web", 2), nodes("a", "b"), placed, Map.of());
    assertThat(perNode(ds)).containsOnly(Map.entry("b", 2L));
  }

  @Test
  void constraintsNarrowTheNodes() {
    List<Node> ns = List.of(node("a").withLabels(Map.of("zone", "east")), node("b").withLabels(Map.of("zone", "west")),
        ClusterFixtures.manager("m"));
    Map<String, TaskNeeds> needs = Map.of("web",
        new TaskNeeds(Constraint.parseAll(List.of("node.labels.zone==east")), 0, 0));
    assertThat(perNode(scheduler.place(pending("web", 3), ns, List.of(), needs))).containsOnly(Map.entry("a", 3L));
    Map<String, TaskNeeds> managers = Map.of("web", new TaskNeeds(Constraint.parseAll(List.of("node.role==manager")), 0, 0));
    assertThat(perNode(scheduler.place(pending("web", 2), ns, List.of(), managers))).containsOnly(Map.entry("m", 2L));
  }

  @Test
  void anImpossibleConstraintLeavesTheTaskPendingWithTheReason() {
    Map<String, TaskNeeds> needs = Map.of("web", new TaskNeeds(Constraint.parseAll(List.of("node.labels.gpu==yes")), 0, 0));
    List<Scheduler.Decision> ds = scheduler.place(pending("web", 1), nodes("a", "b"), List.of(), needs);
    assertThat(ds).singleElement().satisfies(d -> {
      assertThat(d.placed()).isFalse();
      assertThat(d.reason()).isEqualTo("no suitable node (scheduling constraints not satisfied on 2 nodes)");
    });
  }

  @Test
  void reservationsAreNeverOverbooked() {
    // each node has 2 CPUs; each task reserves 1.5: one task per node, the third waits
    Map<String, TaskNeeds> needs = Map.of("web", new TaskNeeds(List.of(), 1_500_000_000L, 0));
    List<Scheduler.Decision> ds = scheduler.place(pending("web", 3), nodes("a", "b"), List.of(), needs);
    assertThat(perNode(ds)).containsOnly(Map.entry("a", 1L), Map.entry("b", 1L));
    assertThat(ds.stream().filter(d -> !d.placed()).map(Scheduler.Decision::reason))
        .containsExactly("no suitable node (insufficient resources on 2 nodes)");
  }

  @Test
  void drainedPausedAndDownNodesTakeNothing() {
    List<Node> ns = List.of(node("a").withAvailability(Availability.DRAIN), node("b").withAvailability(Availability.PAUSE),
        node("c").withReady(false), node("d"));
    assertThat(perNode(scheduler.place(pending("web", 3), ns, List.of(), Map.of()))).containsOnly(Map.entry("d", 3L));
    Map<String, TaskNeeds> none = new HashMap<>();
    assertThat(scheduler.place(pending("web", 1), ns.subList(0, 3), List.of(), none))
        .singleElement().extracting(Scheduler.Decision::reason).isEqualTo("no suitable node (no node available)");
  }

  @Test
  void constraintsAreParsedAsDockerWritesThem() {
    Constraint c = Constraint.parse("node.labels.zone != east");
    assertThat(c.equal()).isFalse();
    assertThat(c.matches(node("a").withLabels(Map.of("zone", "west")))).isTrue();
    assertThat(Constraint.parse("node.hostname==HOST-a").matches(node("a"))).isTrue();
    assertThatThrownBy(() -> Constraint.parse("node.labels.zone=east"))
        .hasMessage("invalid constraint \"node.labels.zone=east\": expected one operator from ==, !=");
    assertThatThrownBy(() -> Constraint.parse("node.colour==red"))
        .hasMessage("invalid constraint \"node.colour==red\": unknown key \"node.colour\"");
  }
}
