package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The Engine API facts clients depend on, checked on the wire. */
class ApiTest extends SharedDaemonTest {
  @Test
  void pingAnswersWithTheHeadersClientsNegotiateOn() throws Exception {
    for (String method : List.of("GET", "HEAD")) {
      String r = daemon.request(method, "/_ping");
      assertThat(r).startsWith("HTTP/1.1 200").contains("Api-Version: 1.51").contains("Ostype: linux")
          .contains("Builder-Version:").contains("Swarm: inactive");
      if (method.equals("GET")) {
        assertThat(r).endsWith("OK");
      }
    }
  }

  @Test
  void versionPrefixesFromOneTwentyFourAreAccepted() throws Exception {
    assertThat(daemon.request("GET", "/v1.24/version")).startsWith("HTTP/1.1 200");
    assertThat(daemon.request("GET", "/v1.51/version")).startsWith("HTTP/1.1 200").contains("\"ApiVersion\":\"1.51\"");
    assertThat(daemon.request("GET", "/v1.12/version")).startsWith("HTTP/1.1 400").contains("is too old");
  }

  @Test
  void errorsAreJsonWithALowerCaseMessage() throws Exception {
    String r = daemon.request("GET", "/containers/nothing-here/json");
    assertThat(r).startsWith("HTTP/1.1 404").contains("{\"message\":\"No such container: nothing-here\"}");
    String bad = daemon.request("POST", "/containers/create", "application/json",
        "{not json".getBytes(StandardCharsets.UTF_8));
    assertThat(bad).startsWith("HTTP/1.1 400").contains("\"message\"");
    String noCmd = daemon.request("POST", "/containers/create", "application/json",
        "{\"Image\":\"busybox\",\"Entrypoint\":[],\"Cmd\":[]}".getBytes(StandardCharsets.UTF_8));
    assertThat(noCmd).contains("no command specified");
  }

  @Test
  void listsAndInspectUseDockersShapes() throws Exception {
    String created = daemon.request("POST", "/containers/create?name=shape", "application/json",
        "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"Labels\":{\"k\":\"v\"}}".getBytes(StandardCharsets.UTF_8));
    assertThat(created).startsWith("HTTP/1.1 201").containsPattern("\"Id\":\"[0-9a-f]{64}\"");
    String list = daemon.request("GET", "/containers/json?all=1&filters=%7B%22label%22%3A%5B%22k%3Dv%22%5D%7D");
    assertThat(list).contains("\"Names\":[\"/shape\"]").contains("\"State\":\"created\"");
    String inspect = daemon.request("GET", "/containers/shape/json");
    assertThat(inspect).contains("\"Name\":\"/shape\"").contains("\"StartedAt\":\"0001-01-01T00:00:00Z\"");
    assertThat(daemon.request("POST", "/containers/shape/stop")).startsWith("HTTP/1.1 304");
    assertThat(daemon.request("DELETE", "/containers/shape")).startsWith("HTTP/1.1 204");
  }

  @Test
  void twoConcurrentCreatesWithOneNameHaveExactlyOneWinner() throws Exception {
    byte[] body = "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}".getBytes(StandardCharsets.UTF_8);
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Callable<String> create = () -> daemon.request("POST", "/containers/create?name=contested", "application/json",
            body);
        answers.add(pool.submit(create));
      }
      int won = 0;
      int conflicts = 0;
      for (Future<String> f : answers) {
        String r = f.get();
        if (r.startsWith("HTTP/1.1 201")) {
          won++;
        } else if (r.startsWith("HTTP/1.1 409")) {
          conflicts++;
        }
      }
      assertThat(won).isEqualTo(1);
      assertThat(conflicts).isEqualTo(7);
    }
    assertThat(daemon.request("DELETE", "/containers/contested")).startsWith("HTTP/1.1 204");
  }
}
