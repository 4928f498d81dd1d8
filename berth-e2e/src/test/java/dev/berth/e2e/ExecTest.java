package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** exec: one more process in a running container, through the docker CLI and the berth CLI. */
class ExecTest extends SharedDaemonTest {
  @BeforeEach
  void runTarget() {
    ok(daemon.berth("run", "-d", "--name", "target", "-e", "FROM_RUN=yes", "busybox", "sleep", "300"));
  }

  @AfterEach
  void removeTarget() {
    daemon.berth("rm", "-f", "target");
  }

  @Test
  void execStreamsOutputAndReturnsTheExitCode() {
    Command.Result r = daemon.docker("exec", "target", "sh", "-c", "echo out; echo err >&2; exit 5");
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
  }

  @Test
  void berthExecBehavesTheSame() {
    Command.Result r = daemon.berth("exec", "target", "sh", "-c", "echo out; echo err >&2; exit 5");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(ok(daemon.berth("exec", "-e", "EXTRA=2", "target", "sh", "-c", "echo $FROM_RUN $EXTRA")))
        .isEqualTo("yes 2");
    assertThat(daemon.berth("exec", "target", "no-such-command").exitCode()).isEqualTo(127);
  }

  @Test
  void execTakesEnvWorkdirAndUserAndInheritsTheContainersEnvironment() {
    assertThat(ok(daemon.docker("exec", "-e", "EXTRA=1", "-w", "/tmp", "-u", "daemon", "target", "sh", "-c",
        "echo $FROM_RUN $EXTRA $(pwd) $(id -u)"))).isEqualTo("yes 1 /tmp 1");
  }

  @Test
  void interactiveExecReadsStdin() {
    Command.Result r = daemon.dockerWithInput("one\ntwo\n".getBytes(StandardCharsets.UTF_8), "exec", "-i", "target",
        "cat");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("one\ntwo\n");
  }

  @Test
  void aMissingCommandExits127AndSaysWhy() {
    Command.Result r = daemon.docker("exec", "target", "no-such-command");
    assertThat(r.exitCode()).isEqualTo(127);
    assertThat(r.stderr()).contains("executable file not found");
  }

  @Test
  void detachedExecRunsInTheBackground() throws Exception {
    ok(daemon.docker("exec", "-d", "target", "sh", "-c", "sleep 0.3; touch /tmp/done"));
    for (int i = 0; i < 50 && daemon.docker("exec", "target", "test", "-f", "/tmp/done").exitCode() != 0; i++) {
      Thread.sleep(100);
    }
    assertThat(daemon.docker("exec", "target", "test", "-f", "/tmp/done").exitCode()).isZero();
  }

  @Test
  void execInAStoppedContainerIsAClearError() {
    ok(daemon.berth("create", "--name", "idle", "busybox", "true"));
    Command.Result r = daemon.docker("exec", "idle", "true");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("is not running");
    ok(daemon.berth("rm", "idle"));
  }
}
