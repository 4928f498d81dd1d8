package dev.berth.daemon.cluster;

import static dev.berth.daemon.cluster.ClusterFixtures.T0;
import static dev.berth.daemon.cluster.ClusterFixtures.finished;
import static dev.berth.daemon.cluster.ClusterFixtures.global;
import static dev.berth.daemon.cluster.ClusterFixtures.node;
import static dev.berth.daemon.cluster.ClusterFixtures.nodes;
import static dev.berth.daemon.cluster.ClusterFixtures.replicated;
import static dev.berth.daemon.cluster.ClusterFixtures.running;
import static dev.berth.daemon.cluster.ClusterFixtures.secs;
import static dev.berth.daemon.cluster.ClusterFixtures.withRestart;
import static dev.berth.daemon.cluster.ClusterFixtures.withRollout;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  private final Reconciler reconciler = new Reconciler(ClusterFixtures.ids());
  private final List<Node> three = nodes("a", "b", "c");

  @Test
  void aNewServiceGetsOneTaskPerSlot() {
    Reconciler.Plan p = reconciler.plan(replicated("web", 1, 3), List.of(), three, null, T0);
    assertThat(p.create()).extracting(Task::slot).containsExactly(1, 2, 3);
    assertThat(p.create()).allSatisfy(t -> {
      assertThat(t.desiredState()).isEqualTo(TaskState.RUNNING);
      assertThat(t.nodeId()).isNull();
      assertThat(t.specVersion()).isEqualTo(1);
    });
    assertThat(p.shutdown()).isEmpty();
  }

  @Test
  void aConvergedServiceNeedsNothing() {
    List<Task> tasks = List.of(running("1", "web", 1, "a", 1, T0), running("2", "web", 2, "b", 1, T0));
    assertThat(reconciler.plan(replicated("web", 1, 2), tasks, three, null, T0).empty()).isTrue();
  }

  @Test
  void scalingDownRemovesTheHighestSlots() {
    List<Task> tasks = List.of(running("1", "web", 1, "a", 1, T0), running("2", "web", 2, "b", 1, T0),
        running("3", "web", 3, "c", 1, T0));
    Reconciler.Plan p = reconciler.plan(replicated("web", 2, 1), tasks, three, null, T0);
    // the version moved because the spec changed, but only the replica count did: slots 2 and 3 go
    assertThat(p.shutdown()).extracting(Task::slot).contains(2, 3);
  }

  @Test
  void anExitedTaskIsReplacedAfterTheRestartDelay() {
    Task dead = finished(running("1", "web", 1, "a", 1, T0), TaskState.FAILED, 1, T0);
    ServiceModel svc = replicated("web", 1, 1);
    assertThat(reconciler.plan(svc, List.of(dead), three, null, T0.plusSeconds(1)).create()).isEmpty();
    Reconciler.Plan later = reconciler.plan(svc, List.of(dead), three, null, T0.plusSeconds(5));
    assertThat(later.create()).singleElement().satisfies(t -> assertThat(t.slot()).isEqualTo(1));
  }

  @Test
  void restartConditionsDecideWhetherASlotIsRefilled() {
    Task ok = finished(running("1", "web", 1, "a", 1, T0), TaskState.COMPLETE, 0, T0);
    Task bad = finished(running("2", "web", 1, "a", 1, T0), TaskState.FAILED, 3, T0);
    ServiceModel none = withRestart(replicated("web", 1, 1), new ServiceModel.Restart("none", Duration.ZERO, 0));
    ServiceModel onFailure = withRestart(replicated("web", 1, 1), new ServiceModel.Restart("on-failure", Duration.ZERO, 0));
    assertThat(reconciler.plan(none, List.of(bad), three, null, T0).create()).isEmpty();
    assertThat(reconciler.plan(onFailure, List.of(ok), three, null, T0).create()).isEmpty();
    assertThat(reconciler.plan(onFailure, List.of(bad), three, null, T0).create()).hasSize(1);
  }

  @Test
  void maxAttemptsStopsRestarting() {
    ServiceModel svc = withRestart(replicated("web", 1, 1), new ServiceModel.Restart("any", Duration.ZERO, 2));
    List<Task> history = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      history.add(finished(running("t" + i, "web", 1, "a", 1, T0.plusSeconds(i)), TaskState.FAILED, 1, T0.plusSeconds(i)));
    }
    assertThat(reconciler.plan(svc, history, three, null, T0.plusSeconds(10)).create()).isEmpty();
    assertThat(reconciler.plan(svc, history.subList(0, 2), three, null, T0.plusSeconds(10)).create()).hasSize(1);
  }

  @Test
  void tasksOnADownNodeAreShutDownAndTheirSlotsRefilledAtOnce() {
    List<Task> tasks = List.of(running("1", "web", 1, "a", 1, T0), running("2", "web", 2, "b", 1, T0));
    List<Node> bDown = List.of(node("a"), node("b").withReady(false), node("c"));
    Reconciler.Plan p = reconciler.plan(replicated("web", 1, 2), tasks, bDown, null, T0);
    assertThat(p.shutdown()).extracting(Task::id).containsExactly("2");
    assertThat(p.create()).extracting(Task::slot).containsExactly(2);
  }

  @Test
  void drainingWaitsForTheOldTaskToStopBeforeReplacingIt() {
    Task onA = running("1", "web", 1, "a", 1, T0);
    List<Node> aDrained = List.of(node("a").withAvailability(Availability.DRAIN), node("b"));
    Reconciler.Plan first = reconciler.plan(replicated("web", 1, 1), List.of(onA), aDrained, null, T0);
    assertThat(first.shutdown()).extracting(Task::id).containsExactly("1");
    Task told = first.shutdown().getFirst();
    assertThat(reconciler.plan(replicated("web", 1, 1), List.of(told), aDrained, null, T0).create()).isEmpty();
    Task stopped = finished(told, TaskState.SHUTDOWN, 0, T0);
    assertThat(reconciler.plan(replicated("web", 1, 1), List.of(stopped), aDrained, null, T0).create()).hasSize(1);
  }

  @Test
  void aStopFirstRollingUpdateReplacesOneSlotAtATime() {
    ServiceModel v2 = withRollout(replicated("web", 2, 3), ServiceModel.Rollout.DEFAULT);
    List<Task> tasks = new ArrayList<>(List.of(running("1", "web", 1, "a", 1, T0), running("2", "web", 2, "b", 1, T0),
        running("3", "web", 3, "c", 1, T0)));
    Reconciler.Plan step1 = reconciler.plan(v2, tasks, three, null, T0);
    assertThat(step1.shutdown()).extracting(Task::slot).containsExactly(1);
    assertThat(step1.create()).isEmpty();
    // the old task of slot 1 stops; its replacement is created at the new version
    tasks.set(0, finished(step1.shutdown().getFirst(), TaskState.SHUTDOWN, 0, T0));
    Reconciler.Plan step2 = reconciler.plan(v2, tasks, three, T0, T0);
    assertThat(step2.create()).singleElement().satisfies(t -> {
      assertThat(t.slot()).isEqualTo(1);
      assertThat(t.specVersion()).isEqualTo(2);
    });
    assertThat(step2.shutdown()).isEmpty();
    // while the replacement starts, nothing else moves; once it runs, slot 2 goes
    Task starting = step2.create().getFirst().withNode("a", T0);
    tasks.add(starting);
    assertThat(reconciler.plan(v2, tasks, three, T0, T0).empty()).isTrue();
    tasks.set(tasks.size() - 1, starting.report(TaskState.RUNNING, "started", "", "c", 0, T0));
    assertThat(reconciler.plan(v2, tasks, three, T0, T0).shutdown()).extracting(Task::slot).containsExactly(2);
  }

  @Test
  void parallelismAndDelayPaceTheUpdate() {
    ServiceModel v2 = withRollout(replicated("web", 2, 3),
        new ServiceModel.Rollout(2, Duration.ofSeconds(10), false, "pause", secs(5)));
    List<Task> tasks = List.of(running("1", "web", 1, "a", 1, T0), running("2", "web", 2, "b", 1, T0),
        running("3", "web", 3, "c", 1, T0));
    assertThat(reconciler.plan(v2, tasks, three, null, T0).shutdown()).extracting(Task::slot).containsExactly(1, 2);
    assertThat(reconciler.plan(v2, tasks, three, T0, T0.plusSeconds(3)).shutdown()).isEmpty();
    assertThat(reconciler.plan(v2, tasks, three, T0, T0.plusSeconds(10)).shutdown()).hasSize(2);
  }

  @Test
  void aStartFirstUpdateRunsTheNewTaskBeforeStoppingTheOld() {
    ServiceModel v2 = withRollout(replicated("web", 2, 1),
        new ServiceModel.Rollout(1, Duration.ZERO, true, "pause", secs(5)));
    List<Task> tasks = new ArrayList<>(List.of(running("1", "web", 1, "a", 1, T0)));
    Reconciler.Plan step1 = reconciler.plan(v2, tasks, three, null, T0);
    assertThat(step1.create()).extracting(Task::slot).containsExactly(1);
    assertThat(step1.shutdown()).isEmpty();
    tasks.add(running(step1.create().getFirst().id(), "web", 1, "b", 2, T0));
    assertThat(reconciler.plan(v2, tasks, three, T0, T0).shutdown()).extracting(Task::id).containsExactly("1");
  }

  @Test
  void aFailedReplacementStopsTheUpdate() {
    ServiceModel v2 = replicated("web", 2, 2);
    Task newFailed = finished(running("n1", "web", 1, "a", 2, T0), TaskState.FAILED, 1, T0);
    List<Task> tasks = List.of(newFailed, running("2", "web", 2, "b", 1, T0));
    Reconciler.Plan p = reconciler.plan(v2, tasks, three, T0, T0.plusSeconds(1));
    assertThat(p.updateFailed()).isTrue();
    assertThat(p.shutdown()).isEmpty();
  }

  @Test
  void aGlobalServiceRunsOneTaskOnEveryEligibleNode() {
    List<Node> ns = List.of(node("a"), node("b").withAvailability(Availability.DRAIN), node("c"));
    Reconciler.Plan p = reconciler.plan(global("agent", 1), List.of(running("1", "agent", 0, "a", 1, T0)), ns, null, T0);
    assertThat(p.create()).extracting(Task::nodeId).containsExactly("c");
  }

  @Test
  void aReplicatedJobStopsWhenItsCompletionsAreDone() {
    ServiceModel job = new ServiceModel("job", "job", 1, ServiceModel.Mode.REPLICATED_JOB, 2, 1, TaskNeeds.NONE,
        ServiceModel.Restart.JOB_DEFAULT, ServiceModel.Rollout.DEFAULT, false);
    Reconciler.Plan first = reconciler.plan(job, List.of(), three, null, T0);
    assertThat(first.create()).hasSize(1);
    Task one = finished(running("j1", "job", 1, "a", 1, T0), TaskState.COMPLETE, 0, T0);
    assertThat(reconciler.plan(job, List.of(one), three, null, T0).create()).hasSize(1);
    Task two = finished(running("j2", "job", 1, "b", 1, T0.plusSeconds(1)), TaskState.COMPLETE, 0, T0.plusSeconds(1));
    assertThat(reconciler.plan(job, List.of(one, two), three, null, T0.plusSeconds(2)).create()).isEmpty();
  }
}
