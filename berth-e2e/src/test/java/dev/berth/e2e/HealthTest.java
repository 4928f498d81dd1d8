package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Health checks and {@code --init}, through the docker CLI and the berth CLI: what inspect and ps
 * show as probes pass, fail and hang, and what PID 1 is with an init. Intervals are short so that
 * states are reached quickly; the tests only wait for them, with a generous deadline.
 */
class HealthTest extends SharedDaemonTest {
  private static final long DEADLINE_MS = 30_000;

  @AfterEach
  void removeContainers() {
    for (String id : daemon.berth("ps", "-aq").stdout().split("\\s+")) {
      if (!id.isBlank()) {
        daemon.berth("rm", "-f", id);
      }
    }
  }

  private static String inspect(String container, String template) {
    return ok(daemon.docker("inspect", "-f", template, container));
  }

  /** Waits until the container's health status is {@code expected}; returns the last status seen. */
  private static String awaitHealth(String container, String expected) throws InterruptedException {
    return awaitInspect(container, "{{.State.Health.Status}}", expected);
  }

  private static String awaitInspect(String container, String template, String expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    String seen = inspect(container, template);
    while (!seen.equals(expected) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      seen = inspect(container, template);
    }
    return seen;
  }

  private static List<String> psNames(String... filters) {
    List<String> args = new java.util.ArrayList<>(List.of("ps", "-a", "--format", "{{.Names}}"));
    for (String f : filters) {
      args.add("--filter");
      args.add(f);
    }
    return ok(daemon.docker(args.toArray(String[]::new))).lines().toList();
  }

  @Test
  void aPassingCheckMakesTheContainerHealthy() throws Exception {
    ok(daemon.docker("run", "-d", "--name", "fine", "--health-cmd", "echo all good", "--health-interval", "200ms",
        "busybox", "sleep", "300"));
    assertThat(awaitHealth("fine", "healthy")).isEqualTo("healthy");
    assertThat(inspect("fine", "{{.State.Health.FailingStreak}} {{(index .State.Health.Log 0).ExitCode}}"))
        .isEqualTo("0 0");
    assertThat(inspect("fine", "{{(index .State.Health.Log 0).Output}}")).isEqualTo("all good");
    assertThat(ok(daemon.docker("ps", "--filter", "name=fine", "--format", "{{.Status}}"))).endsWith("(healthy)");
    assertThat(ok(daemon.berth("ps", "--filter", "name=fine", "--format", "{{.Status}}"))).endsWith("(healthy)");
    assertThat(psNames("health=healthy")).containsExactly("fine");
    assertThat(psNames("health=unhealthy")).isEmpty();
    // as Docker: a check that no longer runs reports unhealthy
    ok(daemon.docker("stop", "-t", "1", "fine"));
    assertThat(inspect("fine", "{{.State.Status}} {{.State.Health.Status}}")).isEqualTo("exited unhealthy");
  }

  @Test
  void aFailingCheckMakesItUnhealthyAfterItsRetriesWithTheProbesInInspect() throws Exception {
    ok(daemon.berth("run", "-d", "--name", "sick", "--health-cmd", "echo not well; exit 3", "--health-interval",
        "200ms", "--health-retries", "2", "busybox", "sleep", "300"));
    assertThat(ok(daemon.berth("ps", "--filter", "name=sick", "--format", "{{.Status}}")))
        .matches(s -> s.endsWith("(health: starting)") || s.endsWith("(unhealthy)"), "starting or unhealthy");
    assertThat(awaitHealth("sick", "unhealthy")).isEqualTo("unhealthy");
    String log = ok(daemon.berth("inspect", "-f",
        "{{range .State.Health.Log}}{{.ExitCode}}:{{.Output}}{{end}}", "sick"));
    assertThat(log).startsWith("3:not well\n3:not well");
    assertThat(Integer.parseInt(inspect("sick", "{{.State.Health.FailingStreak}}"))).isGreaterThanOrEqualTo(2);
    assertThat(Integer.parseInt(inspect("sick", "{{len .State.Health.Log}}"))).isBetween(2, 5);
    assertThat(ok(daemon.docker("ps", "--filter", "name=sick", "--format", "{{.Status}}"))).endsWith("(unhealthy)");
    assertThat(ok(daemon.berth("ps", "--filter", "health=unhealthy", "--format", "{{.Names}}"))).isEqualTo("sick");
  }

  @Test
  void aHangingProbeIsKilledAtItsTimeout() throws Exception {
    ok(daemon.docker("run", "-d", "--name", "stuck", "--health-cmd", "echo partial; exec sleep 1000",
        "--health-interval", "100ms", "--health-timeout", "500ms", "--health-retries", "1", "busybox", "sleep", "300"));
    assertThat(awaitHealth("stuck", "unhealthy")).isEqualTo("unhealthy");
    assertThat(inspect("stuck", "{{(index .State.Health.Log 0).ExitCode}}")).isEqualTo("-1");
    assertThat(inspect("stuck", "{{(index .State.Health.Log 0).Output}}"))
        .isEqualTo("Health check exceeded timeout (500ms): partial");
    // probes that ran out of time are gone: never more than the one under way
    assertThat(awaitInspect("stuck", "{{len .State.Health.Log}}", "5")).isEqualTo("5");
    long hanging = ok(daemon.docker("top", "stuck")).lines().filter(l -> l.endsWith("sleep 1000")).count();
    assertThat(hanging).isLessThanOrEqualTo(1);
  }

  @Test
  void anImagesHealthcheckRunsUnlessDisabled() throws Exception {
    ok(daemon.docker("import", "--change", "HEALTHCHECK --interval=200ms --retries=1 CMD test -f /tmp/ready",
        BusyboxRootfs.tarball().toString(), "checked:latest"));
    try {
      assertThat(inspect("checked", "{{json .Config.Healthcheck.Test}}")).isEqualTo("[\"CMD-SHELL\",\"test -f /tmp/ready\"]");
      ok(daemon.docker("run", "-d", "--name", "withcheck", "checked", "sh", "-c", "touch /tmp/ready; exec sleep 300"));
      ok(daemon.docker("run", "-d", "--name", "nocheck", "--no-healthcheck", "checked", "sleep", "300"));
      // the container's flags override the image's field by field: its test stays
      ok(daemon.berth("run", "-d", "--name", "slower", "--health-interval", "300ms", "checked", "sleep", "300"));
      assertThat(awaitHealth("withcheck", "healthy")).isEqualTo("healthy");
      assertThat(awaitHealth("slower", "unhealthy")).isEqualTo("unhealthy");
      assertThat(inspect("slower", "{{json .Config.Healthcheck}}"))
          .isEqualTo("{\"Test\":[\"CMD-SHELL\",\"test -f /tmp/ready\"],\"Interval\":300000000,\"Retries\":1}");
      assertThat(inspect("nocheck", "{{json .State.Health}}")).isEqualTo("null");
      assertThat(inspect("nocheck", "{{json .Config.Healthcheck.Test}}")).isEqualTo("[\"NONE\"]");
      assertThat(ok(daemon.docker("ps", "--filter", "name=nocheck", "--format", "{{.Status}}"))).doesNotContain("(");
      assertThat(psNames("health=none")).containsExactly("nocheck");
      assertThat(psNames("health=healthy")).containsExactly("withcheck");
    } finally {
      removeContainers();
      daemon.docker("rmi", "checked");
    }
  }

  @Test
  void aBadHealthFilterOrHealthFlagIsAClearError() {
    Command.Result r = daemon.docker("ps", "--filter", "health=great");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("invalid filter 'health=great'");
    Command.Result conflict = daemon.berth("run", "-d", "--no-healthcheck", "--health-cmd", "true", "busybox");
    assertThat(conflict.exitCode()).isNotZero();
    assertThat(conflict.stderr()).contains("--no-healthcheck conflicts with --health-* options");
    Command.Result tooShort = daemon.docker("run", "-d", "--health-cmd", "true", "--health-interval", "1us", "busybox");
    assertThat(tooShort.exitCode()).isNotZero();
    assertThat(tooShort.stderr()).contains("Interval in Healthcheck cannot be less than 1ms");
  }

  @Test
  void checksResumeWhenARestartedBerthdReadoptsTheContainer() throws Exception {
    ok(daemon.docker("run", "-d", "--name", "kept", "--health-cmd", "test ! -f /tmp/sick", "--health-interval",
        "200ms", "--health-retries", "1", "busybox", "sleep", "300"));
    assertThat(awaitHealth("kept", "healthy")).isEqualTo("healthy");
    daemon.crash();
    daemon.launch();
    ok(daemon.docker("exec", "kept", "touch", "/tmp/sick"));
    assertThat(awaitHealth("kept", "unhealthy")).isEqualTo("unhealthy");
  }

  @Test
  void initRunsAsPidOneAndPassesSignalsOn() throws Exception {
    assertThat(ok(daemon.berth("run", "--rm", "--init", "busybox", "readlink", "/proc/1/exe")))
        .isEqualTo("/sbin/docker-init");
    ok(daemon.docker("run", "-d", "--name", "inited", "--init", "busybox", "sleep", "300"));
    assertThat(ok(daemon.docker("exec", "inited", "cat", "/proc/1/cmdline")).replace('\0', ' ').strip())
        .isEqualTo("/sbin/docker-init -- sleep 300");
    assertThat(inspect("inited", "{{.Path}} {{.Args}} {{.HostConfig.Init}}")).isEqualTo("sleep [300] true");
    // sleep as PID 1 would ignore SIGTERM and be killed after the timeout (137); under the init it
    // gets the signal and dies of it
    ok(daemon.docker("stop", "-t", "60", "inited"));
    assertThat(inspect("inited", "{{.State.ExitCode}}")).isEqualTo("143");
  }

  @Test
  void initReapsOrphans() throws Exception {
    ok(daemon.docker("run", "-d", "--name", "reaper", "--init", "busybox", "sh", "-c",
        "(sleep 0.2 &); exec sleep 300"));
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    List<String> procs = List.of();
    while (System.currentTimeMillis() < deadline) {
      procs = ok(daemon.docker("exec", "reaper", "ps", "-o", "stat,comm")).lines().skip(1)
          .filter(l -> !l.endsWith(" ps")).map(String::strip).toList();
      if (procs.size() == 2) {
        break;
      }
      Thread.sleep(100);
    }
    // the orphaned sleep 0.2 is gone, not left as a zombie
    assertThat(procs).hasSize(2).noneMatch(l -> l.startsWith("Z"));
    assertThat(procs.get(0)).endsWith("docker-init");
  }
}
