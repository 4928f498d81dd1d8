package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Swarm mode on one node through the docker CLI: init with the etcd member berthd runs itself,
 * services that converge, scale, update, roll back and restart by policy, the errors Docker gives,
 * and a leave that leaves nothing behind.
 */
class SwarmTest extends SharedDaemonTest {
  private static int port;

  /** A swarm port whose two neighbours above it (etcd's client and peer ports) are free too. */
  static int freeSwarmPort() throws IOException {
    for (int i = 0; i < 50; i++) {
      int p;
      try (ServerSocket s = new ServerSocket(0)) {
        p = s.getLocalPort();
      }
      if (p < 60000 && free(p + 2) && free(p + 3)) {
        return p;
      }
    }
    throw new IllegalStateException("no free port triple");
  }

  private static boolean free(int p) {
    try (ServerSocket s = new ServerSocket(p)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void init() throws IOException {
    if (port == 0) {
      port = freeSwarmPort();
    }
    Command.Result r = daemon.docker("swarm", "init", "--advertise-addr", "127.0.0.1", "--listen-addr",
        "127.0.0.1:" + port);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("Swarm initialized: current node (").contains("is now a manager");
  }

  @org.junit.jupiter.api.BeforeEach
  void outOfAnySwarm() {
    leave();
  }

  @AfterEach
  void removeServices() {
    Command.Result ls = daemon.docker("service", "ls", "-q");
    if (ls.exitCode() == 0) {
      for (String id : ls.stdout().split("\\s+")) {
        if (!id.isBlank()) {
          daemon.docker("service", "rm", id);
        }
      }
    }
  }

  @AfterAll
  static void leave() {
    if (daemon != null) {
      daemon.docker("swarm", "leave", "--force");
    }
  }

  private static List<String> runningTasks(String service) {
    Command.Result r = daemon.docker("ps", "--filter", "label=com.docker.swarm.service.name=" + service,
        "--format", "{{.Names}}");
    return Arrays.stream(r.stdout().split("\n")).filter(s -> !s.isBlank()).toList();
  }

  @Test
  void outsideASwarmEverySwarmEndpointAnswers503() throws Exception {
    leave();
    Command.Result r = daemon.docker("node", "ls");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("This node is not a swarm manager");
    for (String path : List.of("/swarm", "/nodes", "/services", "/tasks", "/secrets", "/configs")) {
      String answer = daemon.request("GET", "/v1.51" + path);
      assertThat(answer).as(path).startsWith("HTTP/1.1 503").contains("This node is not a swarm manager");
    }
    assertThat(daemon.request("HEAD", "/_ping")).contains("Swarm: inactive");
  }

  @Test
  void aReplicatedServiceConvergesScalesUpdatesAndRollsBack() throws Exception {
    init();
    assertThat(ok(daemon.docker("info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}")))
        .isEqualTo("active true");
    assertThat(daemon.request("HEAD", "/_ping")).contains("Swarm: active/manager");
    Command.Result again = daemon.docker("swarm", "init", "--advertise-addr", "127.0.0.1");
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.stderr()).contains("This node is already part of a swarm");
    assertThat(ok(daemon.docker("node", "ls", "--format", "{{.Status}} {{.Availability}} {{.ManagerStatus}}")))
        .isEqualTo("Ready Active Leader");

    // without -d the CLI waits until the service has converged, as against Docker
    ok(daemon.docker("service", "create", "--name", "web", "--replicas", "3", "busybox", "sleep", "86400"));
    assertThat(ok(daemon.docker("service", "ls", "--format", "{{.Name}} {{.Mode}} {{.Replicas}}")))
        .isEqualTo("web replicated 3/3");
    assertThat(runningTasks("web")).hasSize(3).allMatch(n -> n.matches("web\\.[123]\\.[0-9a-z]{25}"));

    ok(daemon.docker("service", "scale", "web=5"));
    assertThat(runningTasks("web")).hasSize(5);
    ok(daemon.docker("service", "scale", "-d", "web=1"));
    Eventually.until(Duration.ofSeconds(30), () -> runningTasks("web"), l -> l.size() == 1);

    ok(daemon.docker("service", "update", "--args", "sleep 99999", "--stop-grace-period", "1s", "web"));
    assertThat(ok(daemon.docker("service", "inspect", "-f", "{{.UpdateStatus.State}} {{.Spec.TaskTemplate.ContainerSpec.Args}}", "web")))
        .isEqualTo("completed [sleep 99999]");
    String running = runningTasks("web").getFirst();
    assertThat(ok(daemon.docker("inspect", "-f", "{{.Args}}", running))).isEqualTo("[99999]");

    ok(daemon.docker("service", "rollback", "web"));
    assertThat(ok(daemon.docker("service", "inspect", "-f", "{{.UpdateStatus.State}} {{.Spec.TaskTemplate.ContainerSpec.Args}}", "web")))
        .isEqualTo("rollback_completed [sleep 86400]");
    // the history shows each replaced task as shut down
    assertThat(ok(daemon.docker("service", "ps", "web", "--format", "{{.DesiredState}}"))).contains("Shutdown");

    ok(daemon.docker("service", "rm", "web"));
    Eventually.until(Duration.ofSeconds(30), () -> daemon.docker("ps", "-aq").stdout().strip(), String::isEmpty);
  }

  @Test
  void aFailingTaskIsRestartedByItsPolicyAndThenLeftFailed() throws Exception {
    init();
    ok(daemon.docker("service", "create", "-d", "--name", "flaky", "--restart-condition", "on-failure",
        "--restart-delay", "100ms", "--restart-max-attempts", "2", "busybox", "sh", "-c", "exit 3"));
    String ps = Eventually.until(Duration.ofSeconds(60),
        () -> daemon.docker("service", "ps", "flaky", "--format", "{{.CurrentState}}|{{.Error}}").stdout(),
        out -> out.lines().filter(l -> l.startsWith("Failed")).count() == 3);
    assertThat(ps).contains("task: non-zero exit (3)");
    // no fourth attempt: the policy's limit holds
    assertThat(daemon.docker("service", "ps", "flaky", "-q").stdout().lines().count()).isEqualTo(3);
  }

  @Test
  void dockersErrorsForBadRequests() throws Exception {
    init();
    Command.Result unknown = daemon.docker("service", "inspect", "nosuch");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.stderr()).contains("no such service: nosuch");

    ok(daemon.docker("service", "create", "-d", "--name", "seq", "busybox", "sleep", "86400"));
    Command.Result taken = daemon.docker("service", "create", "-d", "--name", "seq", "busybox", "true");
    assertThat(taken.exitCode()).isNotZero();
    assertThat(taken.stderr()).contains("already exists");
    String id = ok(daemon.docker("service", "inspect", "-f", "{{.ID}}", "seq"));
    String spec = ok(daemon.docker("service", "inspect", "-f", "{{json .Spec}}", "seq"));
    String answer = daemon.request("POST", "/v1.51/services/" + id + "/update?version=1", "application/json",
        spec.getBytes(StandardCharsets.UTF_8));
    assertThat(answer).startsWith("HTTP/1.1 500").contains("update out of sequence");

    ok(daemon.docker("service", "create", "-d", "--name", "nowhere", "--constraint", "node.labels.gpu==yes",
        "busybox", "true"));
    String pending = Eventually.until(Duration.ofSeconds(20),
        () -> daemon.docker("service", "ps", "nowhere", "--no-trunc", "--format", "{{.CurrentState}} {{.Error}}").stdout(),
        out -> out.contains("no suitable node"));
    assertThat(pending).startsWith("Pending").contains("scheduling constraints not satisfied on 1 node");

    Command.Result mgr = daemon.docker("swarm", "leave");
    assertThat(mgr.exitCode()).isNotZero();
    assertThat(mgr.stderr()).contains("Use `--force` to ignore this message");
  }

  @Test
  void secretsAndConfigsAreStoredAndListed() throws Exception {
    init();
    String id = ok(daemon.dockerWithInput("s3cret".getBytes(StandardCharsets.UTF_8), "secret", "create", "db_pw", "-"));
    assertThat(id).matches("[0-9a-z]{25}");
    assertThat(ok(daemon.docker("secret", "ls", "--format", "{{.Name}}"))).isEqualTo("db_pw");
    assertThat(ok(daemon.docker("secret", "inspect", "-f", "{{.Spec.Name}} {{.Spec.Data}}", "db_pw"))).isEqualTo("db_pw []");
    ok(daemon.dockerWithInput("k=v".getBytes(StandardCharsets.UTF_8), "config", "create", "app_cfg", "-"));
    assertThat(ok(daemon.docker("config", "inspect", "-f", "{{printf \"%s\" .Spec.Data}}", "app_cfg"))).isEqualTo("k=v");
    ok(daemon.docker("service", "create", "--name", "reader", "--secret", "db_pw", "--config",
        "source=app_cfg,target=/etc/app.conf", "busybox", "sleep", "86400"));
    String task = runningTasks("reader").getFirst();
    assertThat(ok(daemon.docker("exec", task, "cat", "/run/secrets/db_pw"))).isEqualTo("s3cret");
    assertThat(ok(daemon.docker("exec", task, "cat", "/etc/app.conf"))).isEqualTo("k=v");
    Command.Result write = daemon.docker("exec", task, "sh", "-c", "echo x > /run/secrets/db_pw");
    assertThat(write.exitCode()).isNotZero();
    Command.Result inUse = daemon.docker("secret", "rm", "db_pw");
    assertThat(inUse.exitCode()).isNotZero();
    assertThat(inUse.stderr()).contains("is in use by the following service: reader");
    ok(daemon.docker("service", "rm", "reader"));
    ok(daemon.docker("secret", "rm", "db_pw"));
    ok(daemon.docker("config", "rm", "app_cfg"));
    assertThat(ok(daemon.docker("secret", "ls", "-q"))).isEmpty();
  }

  @Test
  void leavingStopsTheStoreAndRemovesTheTasks() throws Exception {
    init();
    ok(daemon.docker("service", "create", "--name", "gone", "--replicas", "2", "--stop-grace-period", "1s", "busybox",
        "sleep", "86400"));
    ok(daemon.docker("swarm", "leave", "--force"));
    assertThat(ok(daemon.docker("info", "--format", "{{.Swarm.LocalNodeState}}"))).isEqualTo("inactive");
    assertThat(ok(daemon.docker("ps", "-aq"))).isEmpty();
    assertThat(java.nio.file.Files.exists(daemon.execRoot().resolve("swarm/etcd.pid"))).isFalse();
    assertThat(java.nio.file.Files.exists(daemon.dataRoot().resolve("swarm/etcd"))).isFalse();
  }
}
