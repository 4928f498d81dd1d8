package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two berthd nodes on this host's loopback, one manager and one worker: joining with the right and
 * the wrong token, replicas spread over both, and a worker that dies having its tasks rescheduled on
 * the manager, then stopping the containers it no longer owns when it comes back.
 */
class SwarmClusterTest {
  private BerthDaemon manager;
  private BerthDaemon worker;
  private int managerPort;

  @BeforeEach
  void twoNodes() throws Exception {
    manager = BerthDaemon.start();
    manager.importBusybox();
    worker = BerthDaemon.start();
    worker.importBusybox();
    managerPort = SwarmTest.freeSwarmPort();
    Command.Result r = manager.docker("swarm", "init", "--advertise-addr", "127.0.0.1", "--listen-addr",
        "127.0.0.1:" + managerPort);
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (BerthDaemon d : new BerthDaemon[] {worker, manager}) {
      if (d != null) {
        try {
          d.docker("swarm", "leave", "--force");
        } finally {
          d.close();
        }
      }
    }
  }

  private String join(String token) throws Exception {
    Command.Result r = worker.docker("swarm", "join", "--token", token, "--advertise-addr", "127.0.0.1",
        "--listen-addr", "127.0.0.1:" + SwarmTest.freeSwarmPort(), "127.0.0.1:" + managerPort);
    return r.exitCode() + " " + r.stdout() + r.stderr();
  }

  private Map<String, Long> tasksPerNode(String service) {
    String out = manager.docker("service", "ps", service, "--filter", "desired-state=running", "--format",
        "{{.Node}}|{{.CurrentState}}").stdout();
    return Arrays.stream(out.split("\n")).filter(l -> l.contains("|Running"))
        .collect(Collectors.groupingBy(l -> l.substring(0, l.indexOf('|')), Collectors.counting()));
  }

  @Test
  void aWorkerJoinsTakesHalfTheReplicasAndLosesThemWhenItDies() throws Exception {
    String workerToken = SharedDaemonTest.ok(manager.docker("swarm", "join-token", "-q", "worker"));
    String wrong = workerToken.substring(0, workerToken.length() - 5) + "00000";
    assertThat(join(wrong)).startsWith("1 ").contains("A valid join token is necessary to join this cluster");
    assertThat(join(workerToken)).startsWith("0 ").contains("This node joined a swarm as a worker.");
    assertThat(SharedDaemonTest.ok(manager.docker("node", "ls", "--format", "{{.Status}}/{{.ManagerStatus}}")).lines()
        .sorted().toList()).containsExactly("Ready/", "Ready/Leader");
    Command.Result onWorker = worker.docker("service", "ls");
    assertThat(onWorker.exitCode()).isNotZero();
    assertThat(onWorker.stderr()).contains("This node is not a swarm manager");

    SharedDaemonTest.ok(manager.docker("service", "create", "--name", "spread", "--replicas", "4",
        "--stop-grace-period", "1s", "busybox", "sleep", "86400"));
    assertThat(tasksPerNode("spread").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
    // both nodes have this host's name: count each one's containers instead
    assertThat(manager.docker("ps", "-q").stdout().lines().count()).isEqualTo(2);
    String workerNode = SharedDaemonTest.ok(worker.docker("info", "--format", "{{.Swarm.NodeID}}"));
    assertThat(worker.docker("ps", "-q").stdout().lines().count()).isEqualTo(2);

    worker.crash();
    // the worker's lease runs out, the leader marks it down and runs all four replicas on the manager
    Eventually.until(Duration.ofSeconds(30),
        () -> manager.docker("node", "inspect", "-f", "{{.Status.State}}", workerNode).stdout().strip(),
        "down"::equals);
    Eventually.until(Duration.ofSeconds(30), () -> manager.docker("ps", "-q").stdout().lines().count(), n -> n == 4);
    assertThat(tasksPerNode("spread").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);

    // back again, the worker stops the two containers that are no longer running tasks of its own
    worker.launch();
    Eventually.until(Duration.ofSeconds(30),
        () -> manager.docker("node", "inspect", "-f", "{{.Status.State}}", workerNode).stdout().strip(),
        "ready"::equals);
    Eventually.until(Duration.ofSeconds(40), () -> worker.docker("ps", "-q").stdout().strip(), String::isEmpty);
    assertThat(tasksPerNode("spread").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
  }
}
