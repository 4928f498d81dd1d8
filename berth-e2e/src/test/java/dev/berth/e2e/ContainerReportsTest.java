package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What inspect and the events say about a container, as dockerd says it: an OOM kill, the log
 * driver (json-file by default, none on request), the OCI runtime, Docker's restart-policy errors,
 * a restarting container that rm refuses, and a SIGKILL that answers once the container is gone.
 */
class ContainerReportsTest extends SharedDaemonTest {
  @AfterEach
  void removeContainers() {
    for (String name : List.of("oom", "nolog", "deflog", "rt", "again", "killed", "replay")) {
      daemon.berth("rm", "-f", name);
    }
  }

  private static String now() {
    Instant t = Instant.now();
    return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
  }

  @Test
  void anOomKillIsReportedAndItsMarkerStaysWithTheContainer() throws Exception {
    String since = now();
    Command.Result r = daemon.docker("run", "--name", "oom", "-m", "16m", "--memory-swap", "16m", "busybox", "sh", "-c",
        "x=0123456789abcdef; while true; do x=$x$x; done");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(137);
    assertThat(ok(daemon.docker("inspect", "-f", "{{.State.OOMKilled}} {{.State.ExitCode}}", "oom")))
        .isEqualTo("true 137");
    String until = now();
    assertThat(ok(daemon.docker("events", "--since", since, "--until", until, "--filter", "container=oom",
        "--format", "{{.Action}}")).lines().toList()).containsSubsequence("start", "oom", "die");
    // conmon's marker is in the container's own directory, never in berthd's working directory
    Path cwd = Path.of("/proc/" + daemon.pid() + "/cwd").toRealPath();
    assertThat(cwd.resolve("oom")).doesNotExist();
    // a run that ends normally is no OOM kill
    ok(daemon.docker("rm", "-f", "oom"));
    ok(daemon.docker("run", "--name", "oom", "-m", "16m", "busybox", "true"));
    assertThat(ok(daemon.docker("inspect", "-f", "{{.State.OOMKilled}}", "oom"))).isEqualTo("false");
  }

  @Test
  void logDriverNoneKeepsNothingAndJsonFileIsTheDefault() throws Exception {
    assertThat(ok(daemon.docker("run", "--name", "nolog", "--log-driver", "none", "busybox", "echo", "hi")))
        .isEqualTo("hi");
    assertThat(ok(daemon.docker("inspect", "-f", "{{.HostConfig.LogConfig.Type}}", "nolog"))).isEqualTo("none");
    Command.Result logs = daemon.docker("logs", "nolog");
    assertThat(logs.exitCode()).isNotZero();
    assertThat(logs.stderr()).contains("configured logging driver does not support reading");

    // no driver named, or an empty Type with options: dockerd reports its default, json-file
    String created = daemon.request("POST", "/containers/create?name=deflog", "application/json",
        "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"LogConfig\":{\"Type\":\"\",\"Config\":{\"max-file\":\"3\"}}}}"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(created).startsWith("HTTP/1.1 201");
    assertThat(ok(daemon.docker("inspect", "-f", "{{.HostConfig.LogConfig.Type}} {{.HostConfig.LogConfig.Config}}",
        "deflog"))).isEqualTo("json-file map[max-file:3]");
    Command.Result bad = daemon.docker("create", "--log-driver", "syslog", "busybox", "true");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.stderr()).contains("logger: no log driver named 'syslog' is registered");
  }

  @Test
  void inspectNamesTheRuntimeAndAnUnknownOneIsRefused() {
    String runtime = ok(daemon.docker("info", "-f", "{{.DefaultRuntime}}"));
    ok(daemon.docker("create", "--name", "rt", "busybox", "true"));
    assertThat(ok(daemon.docker("inspect", "-f", "{{.HostConfig.Runtime}}", "rt"))).isEqualTo(runtime);
    Command.Result asked = daemon.docker("create", "--runtime", runtime, "busybox", "true");
    assertThat(asked.exitCode()).as(asked.toString()).isZero();
    daemon.docker("rm", asked.stdout().strip());
    Command.Result bad = daemon.docker("create", "--runtime", "nosuch", "busybox", "true");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.stderr()).contains("Unknown runtime specified nosuch");
  }

  @Test
  void restartPoliciesAreCheckedAsDockerdChecksThem() throws Exception {
    Command.Result always = daemon.docker("create", "--restart", "always:3", "busybox", "true");
    assertThat(always.exitCode()).isNotZero();
    assertThat(always.stderr())
        .contains("invalid restart policy: maximum retry count can only be used with 'on-failure'");
    String unknown = daemon.request("POST", "/containers/create", "application/json",
        "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"sometimes\"}}}"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(unknown).startsWith("HTTP/1.1 400").contains("invalid restart policy: unknown policy 'sometimes'; "
        + "use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
    String negative = daemon.request("POST", "/containers/create", "application/json",
        ("{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"on-failure\","
            + "\"MaximumRetryCount\":-1}}}").getBytes(StandardCharsets.UTF_8));
    assertThat(negative).startsWith("HTTP/1.1 400").contains("maximum retry count cannot be negative");
    Command.Result rm = daemon.docker("run", "--rm", "--restart", "always", "busybox", "true");
    assertThat(rm.exitCode()).isNotZero();
    // nothing was left half-made by the refusals
    assertThat(ok(daemon.docker("ps", "-aq"))).isEmpty();
  }

  @Test
  void aRestartingContainerIsNotRemovedWithoutForce() {
    ok(daemon.docker("run", "-d", "--name", "again", "--restart", "always", "busybox", "true"));
    // wait for an exit: the container is then restarting (or running again), never removable
    ok(daemon.docker("wait", "again"));
    Command.Result rm = daemon.docker("rm", "again");
    assertThat(rm.exitCode()).isNotZero();
    assertThat(rm.stderr()).containsAnyOf("container is restarting: stop the container before removing",
        "container is running: stop the container before removing");
    ok(daemon.docker("rm", "-f", "again"));
  }

  @Test
  void aKillAnswersOnceTheContainerHasStopped() {
    ok(daemon.docker("run", "-d", "--name", "killed", "busybox", "sleep", "300"));
    ok(daemon.docker("kill", "killed"));
    assertThat(ok(daemon.docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "killed")))
        .isEqualTo("exited 137");
  }

  @Test
  void attachWithLogsReplaysWhatAnEndedContainerWrote() throws Exception {
    ok(daemon.docker("run", "--name", "replay", "busybox", "echo", "hello"));
    RawResponse r = RawResponse.send(daemon.socket(), "POST",
        "/v1.45/containers/replay/attach?logs=1&stream=0&stdout=1&stderr=1", null, null);
    assertThat(r.status()).isEqualTo(200);
    byte[] frame = {1, 0, 0, 0, 0, 0, 0, 6, 'h', 'e', 'l', 'l', 'o', '\n'};
    assertThat(r.body()).isEqualTo(frame);
  }
}
