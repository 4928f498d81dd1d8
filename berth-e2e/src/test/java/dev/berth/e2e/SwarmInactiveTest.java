package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node outside any swarm answers every swarm route as dockerd does: 503, never 404, with "This
 * node is not part of a swarm" for leave and "This node is not a swarm manager..." for the routes
 * that read or change cluster state. docker-py's teardown ({@code leave_swarm(force=True)}) and
 * the docker CLI's swarm commands depend on that answer.
 */
class SwarmInactiveTest extends SharedDaemonTest {
  /** Every method and path of API 1.51's swarm, node, service, task, secret and config routes. */
  private static final List<String[]> ROUTES = List.of(
      new String[] {"GET", "/swarm"}, new String[] {"POST", "/swarm/update?version=1"},
      new String[] {"GET", "/swarm/unlockkey"}, new String[] {"POST", "/swarm/unlock"},
      new String[] {"GET", "/nodes"}, new String[] {"GET", "/nodes/n1"}, new String[] {"DELETE", "/nodes/n1?force=1"},
      new String[] {"POST", "/nodes/n1/update?version=3"},
      new String[] {"GET", "/services?status=1"}, new String[] {"POST", "/services/create"},
      new String[] {"GET", "/services/s1"}, new String[] {"DELETE", "/services/s1"},
      new String[] {"POST", "/services/s1/update?version=2"}, new String[] {"GET", "/services/s1/logs?stdout=1"},
      new String[] {"GET", "/tasks"}, new String[] {"GET", "/tasks/t1"}, new String[] {"GET", "/tasks/t1/logs"},
      new String[] {"GET", "/secrets"}, new String[] {"POST", "/secrets/create"}, new String[] {"GET", "/secrets/x"},
      new String[] {"DELETE", "/secrets/x"}, new String[] {"POST", "/secrets/x/update?version=1"},
      new String[] {"GET", "/configs"}, new String[] {"POST", "/configs/create"}, new String[] {"GET", "/configs/x"},
      new String[] {"DELETE", "/configs/x"}, new String[] {"POST", "/configs/x/update?version=1"});

  private static final String NOT_A_MANAGER = "{\"message\":\"This node is not a swarm manager. Use \\\"docker swarm "
      + "init\\\" or \\\"docker swarm join\\\" to connect this node to swarm and try again.\"}";

  private static RawResponse send(String method, String path) throws Exception {
    byte[] body = method.equals("POST") ? "{}".getBytes(StandardCharsets.UTF_8) : null;
    return RawResponse.send(daemon.socket(), method, path, "application/json", body);
  }

  @Test
  void everyClusterStateRouteAnswers503NotASwarmManager() throws Exception {
    for (String[] route : ROUTES) {
      for (String prefix : List.of("", "/v1.41")) {
        RawResponse r = send(route[0], prefix + route[1]);
        assertThat(r.status()).as(route[0] + " " + prefix + route[1]).isEqualTo(503);
        assertThat(r.text()).as(route[0] + " " + route[1]).isEqualTo(NOT_A_MANAGER);
      }
    }
  }

  @Test
  void leaveAnswers503NotPartOfASwarmAndInitAndJoinSayWhatIsMissing() throws Exception {
    RawResponse leave = send("POST", "/swarm/leave?force=1");
    assertThat(leave.status()).isEqualTo(503);
    assertThat(leave.text()).isEqualTo("{\"message\":\"This node is not part of a swarm\"}");
    RawResponse init = send("POST", "/swarm/init");
    assertThat(init.status()).isEqualTo(400);
    assertThat(init.text()).contains("could not choose an IP address to advertise");
    RawResponse join = send("POST", "/swarm/join");
    assertThat(join.status()).isEqualTo(400);
    assertThat(join.text()).contains("at least 1 RemoteAddr is required to join");
    assertThat(daemon.request("GET", "/_ping")).contains("Swarm: inactive");
  }

  @Test
  void theDockerCliSaysWhatItSaysAgainstDockerd() {
    Command.Result leave = daemon.docker("swarm", "leave", "--force");
    assertThat(leave.exitCode()).as(leave.toString()).isNotZero();
    assertThat(leave.stderr()).contains("This node is not part of a swarm");
    for (List<String> args : List.of(List.of("node", "ls"), List.of("service", "ls"), List.of("secret", "ls"),
        List.of("config", "ls"), List.of("service", "create", "busybox"))) {
      Command.Result r = daemon.docker(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(r.toString()).isNotZero();
      assertThat(r.stderr()).as(args.toString()).contains("This node is not a swarm manager. Use \"docker swarm init\"");
    }
  }

  @Test
  void infoAndPingStillSayInactive() throws Exception {
    assertThat(daemon.request("GET", "/_ping")).contains("Swarm: inactive");
    assertThat(ok(daemon.docker("info", "--format", "{{.Swarm.LocalNodeState}}"))).isEqualTo("inactive");
  }
}
