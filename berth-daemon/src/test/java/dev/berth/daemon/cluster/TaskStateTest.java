package dev.berth.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskStateTest {
  @Test
  void statesOnlyMoveForward() {
    assertThat(TaskState.PENDING.canMoveTo(TaskState.ASSIGNED)).isTrue();
    assertThat(TaskState.RUNNING.canMoveTo(TaskState.FAILED)).isTrue();
    assertThat(TaskState.RUNNING.canMoveTo(TaskState.STARTING)).isFalse();
    assertThat(TaskState.FAILED.canMoveTo(TaskState.RUNNING)).isFalse();
    assertThat(TaskState.COMPLETE.canMoveTo(TaskState.SHUTDOWN)).isFalse();
  }

  @Test
  void aLateReportCannotRewindATask() {
    Instant t = Instant.EPOCH;
    Task failed = Task.create("t", "s", 1, "n", 1, t).withNode("n", t).report(TaskState.FAILED, "failed", "boom", "c", 1, t);
    assertThat(failed.report(TaskState.RUNNING, "started", "", "c", 0, t)).isSameAs(failed);
    assertThat(failed.live()).isFalse();
  }

  @Test
  void apiNamesAreDockers() {
    assertThat(TaskState.RUNNING.apiName()).isEqualTo("running");
    assertThat(TaskState.fromApi("shutdown")).isEqualTo(TaskState.SHUTDOWN);
  }
}
