package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Detached containers through their whole life, driven by both CLIs. */
class LifecycleTest extends SharedDaemonTest {
  @Test
  void detachedContainerRunsStopsAndIsRemoved() throws Exception {
    String id = ok(daemon.berth("run", "-d", "--name", "sleeper", "busybox", "sleep", "300"));
    assertThat(id).matches("[0-9a-f]{64}");
    assertThat(ok(daemon.docker("ps", "--format", "{{.Names}} {{.Status}}"))).contains("sleeper Up");
    assertThat(ok(daemon.berth("inspect", "-f", "{{.State.Status}} {{.Name}}", "sleeper"))).isEqualTo("running /sleeper");
    ok(daemon.docker("stop", "-t", "1", "sleeper"));
    // sleep as PID 1 has no TERM handler, so the kernel ignores SIGTERM: killed after the timeout
    assertThat(ok(daemon.docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "sleeper")))
        .isEqualTo("exited 137");
    assertThat(ok(daemon.docker("ps", "-a", "--filter", "status=exited", "--format", "{{.Names}}"))).contains("sleeper");
    ok(daemon.berth("rm", "sleeper"));
    assertThat(daemon.docker("inspect", "sleeper").exitCode()).isEqualTo(1);
    assertThat(daemon.mountsUnderExecRoot()).isEmpty();
  }

  @Test
  void stopEndsAProcessThatHandlesTheSignal() {
    ok(daemon.berth("run", "-d", "--name", "polite", "busybox", "sh", "-c", "trap 'exit 143' TERM; while true; do sleep 0.1; done"));
    ok(daemon.berth("stop", "polite"));
    assertThat(ok(daemon.berth("inspect", "-f", "{{.State.ExitCode}}", "polite"))).isEqualTo("143");
    ok(daemon.berth("rm", "polite"));
  }

  @Test
  void stopAfterTimeoutKillsAProcessThatIgnoresTheSignal() {
    ok(daemon.berth("run", "-d", "--name", "stubborn", "busybox", "sh", "-c", "trap '' TERM; while true; do sleep 1; done"));
    ok(daemon.berth("stop", "-t", "1", "stubborn"));
    assertThat(ok(daemon.berth("inspect", "-f", "{{.State.ExitCode}}", "stubborn"))).isEqualTo("137");
    ok(daemon.berth("rm", "stubborn"));
  }

  @Test
  void startOfARunningContainerAndStopOfAStoppedOneAreHarmless() {
    ok(daemon.berth("run", "-d", "--name", "twice", "busybox", "sleep", "300"));
    assertThat(daemon.docker("start", "twice").exitCode()).isZero();
    ok(daemon.docker("kill", "twice"));
    assertThat(daemon.docker("stop", "twice").exitCode()).isZero();
    Command.Result kill = daemon.docker("kill", "twice");
    assertThat(kill.exitCode()).isEqualTo(1);
    assertThat(kill.stderr()).contains("is not running");
    ok(daemon.docker("rm", "twice"));
  }

  @Test
  void removingARunningContainerNeedsForce() {
    ok(daemon.berth("run", "-d", "--name", "busy", "busybox", "sleep", "300"));
    Command.Result r = daemon.docker("rm", "busy");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("container is running: stop the container before removing or force remove");
    ok(daemon.docker("rm", "-f", "busy"));
    assertThat(ok(daemon.docker("ps", "-a", "--format", "{{.Names}}"))).doesNotContain("busy");
  }

  @Test
  void createThenStartWaitAndLogs() {
    String id = ok(daemon.docker("create", "--name", "later", "busybox", "sh", "-c", "echo one; echo two >&2; exit 7"));
    assertThat(ok(daemon.docker("ps", "-a", "--filter", "name=later", "--format", "{{.Status}}"))).isEqualTo("Created");
    ok(daemon.docker("start", "later"));
    Command.Result wait = daemon.docker("wait", "later");
    assertThat(wait.stdout().strip()).isEqualTo("7");
    assertThat(ok(daemon.docker("logs", "later"))).isEqualTo("one");
    Command.Result logs = daemon.berth("logs", id);
    assertThat(logs.stdout()).isEqualTo("one\n");
    assertThat(logs.stderr()).isEqualTo("two\n");
    assertThat(ok(daemon.docker("logs", "--tail", "1", "later"))).isEmpty();
    assertThat(ok(daemon.docker("logs", "-t", "later"))).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z one");
    ok(daemon.docker("rm", "later"));
  }

  @Test
  void logsFollowStreamsUntilTheContainerExits() {
    ok(daemon.berth("run", "-d", "--name", "counter", "busybox", "sh", "-c", "for i in 1 2 3; do echo $i; sleep 0.3; done"));
    Command.Result r = daemon.berth("logs", "-f", "counter");
    assertThat(r.stdout()).isEqualTo("1\n2\n3\n");
    ok(daemon.berth("rm", "counter"));
  }

  @Test
  void restartPauseUnpauseRenameAndTop() {
    ok(daemon.berth("run", "-d", "--name", "worker", "busybox", "sleep", "300"));
    String firstStart = ok(daemon.berth("inspect", "-f", "{{.State.StartedAt}}", "worker"));
    ok(daemon.docker("restart", "-t", "1", "worker"));
    assertThat(ok(daemon.berth("inspect", "-f", "{{.State.StartedAt}}", "worker"))).isNotEqualTo(firstStart);
    ok(daemon.docker("pause", "worker"));
    assertThat(ok(daemon.docker("ps", "--filter", "name=worker", "--format", "{{.Status}}"))).endsWith("(Paused)");
    assertThat(ok(daemon.docker("inspect", "-f", "{{.State.Status}}", "worker"))).isEqualTo("paused");
    ok(daemon.docker("unpause", "worker"));
    ok(daemon.docker("rename", "worker", "renamed"));
    assertThat(ok(daemon.docker("ps", "--format", "{{.Names}}"))).contains("renamed").doesNotContain("worker");
    Command.Result top = daemon.docker("top", "renamed");
    assertThat(ok(top)).contains("PID").contains("sleep 300");
    ok(daemon.docker("rm", "-f", "renamed"));
  }

  @Test
  void psFiltersByLabelAncestorIdAndStatus() {
    String a = ok(daemon.berth("run", "-d", "-l", "team=red", "--name", "red1", "busybox", "sleep", "300"));
    ok(daemon.berth("run", "-d", "-l", "team=blue", "--name", "blue1", "busybox", "sleep", "300"));
    ok(daemon.berth("create", "--name", "idle1", "busybox", "true"));
    assertThat(ok(daemon.docker("ps", "--filter", "label=team=red", "--format", "{{.Names}}"))).isEqualTo("red1");
    assertThat(ok(daemon.docker("ps", "--filter", "label=team", "--format", "{{.Names}}"))).contains("red1", "blue1");
    assertThat(ok(daemon.docker("ps", "--filter", "id=" + a.substring(0, 10), "--format", "{{.Names}}"))).isEqualTo("red1");
    assertThat(ok(daemon.docker("ps", "-a", "--filter", "status=created", "--format", "{{.Names}}"))).isEqualTo("idle1");
    assertThat(ok(daemon.docker("ps", "--filter", "ancestor=busybox", "--format", "{{.Names}}"))).contains("red1", "blue1");
    assertThat(ok(daemon.berth("ps", "-q"))).contains(a.substring(0, 12));
    ok(daemon.docker("rm", "-f", "red1", "blue1", "idle1"));
  }

  @Test
  void nameConflictIsAClearError() {
    ok(daemon.berth("create", "--name", "taken", "busybox", "true"));
    Command.Result r = daemon.docker("create", "--name", "taken", "busybox", "true");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("Conflict. The container name \"/taken\" is already in use");
    ok(daemon.docker("rm", "taken"));
  }

  @Test
  void containerPruneRemovesOnlyStoppedContainers() {
    ok(daemon.berth("run", "-d", "--name", "keep", "busybox", "sleep", "300"));
    ok(daemon.berth("run", "--name", "done1", "busybox", "true"));
    Command.Result r = daemon.docker("container", "prune", "-f");
    assertThat(ok(r)).contains("Total reclaimed space");
    String names = ok(daemon.docker("ps", "-a", "--format", "{{.Names}}"));
    assertThat(names).contains("keep").doesNotContain("done1");
    ok(daemon.docker("rm", "-f", "keep"));
  }

  @Test
  void logsAreKeptInDockersJsonFileFormatWithRotation() throws Exception {
    ok(daemon.docker("run", "--name", "chatty", "--log-opt", "max-size=2k", "--log-opt", "max-file=2", "busybox", "sh",
        "-c", "i=0; while [ $i -lt 200 ]; do echo line $i; i=$((i+1)); done"));
    java.nio.file.Path logPath = java.nio.file.Path.of(ok(daemon.docker("inspect", "-f", "{{.LogPath}}", "chatty")));
    assertThat(logPath.getFileName().toString()).endsWith("-json.log");
    String current = java.nio.file.Files.readString(logPath);
    assertThat(current).containsPattern("\\{\"log\":\"line 199\\\\n\",\"stream\":\"stdout\",\"time\":\"[^\"]+Z\"\\}\n$");
    assertThat(java.nio.file.Files.size(logPath)).isLessThanOrEqualTo(2048);
    assertThat(java.nio.file.Files.exists(logPath.resolveSibling(logPath.getFileName() + ".1"))).isTrue();
    assertThat(java.nio.file.Files.exists(logPath.resolveSibling(logPath.getFileName() + ".2"))).isFalse();
    // logs serve what rotation kept, ending with the last line
    assertThat(ok(daemon.docker("logs", "--tail", "1", "chatty"))).isEqualTo("line 199");
    ok(daemon.docker("rm", "chatty"));
  }

  private static String waitFor(String container, String template, java.util.function.Predicate<String> done)
      throws InterruptedException {
    String value = "";
    for (int i = 0; i < 100; i++) {
      value = daemon.docker("inspect", "-f", template, container).stdout().strip();
      if (done.test(value)) {
        return value;
      }
      Thread.sleep(100);
    }
    return value;
  }

  @Test
  void onFailureRestartsUpToItsLimit() throws Exception {
    ok(daemon.docker("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "exit 3"));
    assertThat(waitFor("flaky", "{{.RestartCount}} {{.State.Status}}", v -> v.equals("2 exited"))).isEqualTo("2 exited");
    Thread.sleep(1000);
    assertThat(ok(daemon.docker("inspect", "-f", "{{.RestartCount}} {{.State.ExitCode}}", "flaky"))).isEqualTo("2 3");
    ok(daemon.docker("rm", "flaky"));
  }

  @Test
  void alwaysRestartsUntilTheUserStopsIt() throws Exception {
    ok(daemon.docker("run", "-d", "--name", "phoenix", "--restart", "always", "busybox", "sh", "-c", "sleep 0.2"));
    String count = waitFor("phoenix", "{{.RestartCount}}", v -> !v.equals("0"));
    assertThat(Integer.parseInt(count)).isPositive();
    ok(daemon.docker("stop", "phoenix"));
    String after = ok(daemon.docker("inspect", "-f", "{{.RestartCount}}", "phoenix"));
    Thread.sleep(1500);
    assertThat(ok(daemon.docker("inspect", "-f", "{{.State.Running}} {{.RestartCount}}", "phoenix")))
        .isEqualTo("false " + after);
    ok(daemon.docker("rm", "-f", "phoenix"));
  }

  @Test
  void invalidRestartPoliciesAreRefused() {
    Command.Result r = daemon.berth("run", "-d", "--restart", "sometimes", "busybox", "true");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("sometimes");
  }
}
