package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code search} with both CLIs: against the reference registry, which has no search API (the
 * error dockerd gives), and against a small v1 search endpoint of the test's own, whose results are
 * shown as docker's table, filtered by stars and official status.
 */
class RegistrySearchTest extends SharedDaemonTest {
  private static LocalRegistry reference;
  private static HttpServer searchable;
  private static final List<String> queries = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    reference = LocalRegistry.start(null, null, LocalRegistry.freePort(16000), "", "");
    searchable = HttpServer.create(new InetSocketAddress("127.0.0.1", LocalRegistry.freePort(16000)), 0);
    searchable.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      byte[] body;
      int status = 200;
      if (path.equals("/v2/")) {
        body = "{}".getBytes(StandardCharsets.UTF_8);
      } else if (path.equals("/v1/search")) {
        queries.add(ex.getRequestURI().getRawQuery());
        body = """
            {"num_results":2,"query":"team","results":[
             {"name":"team/app","description":"The team's application,\\nwith a description longer than the table shows",
              "star_count":12,"is_official":true,"is_automated":false},
             {"name":"team/tool","description":"a tool","star_count":1,"is_official":false,"is_automated":false}]}
            """.getBytes(StandardCharsets.UTF_8);
      } else {
        status = 404;
        body = "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}".getBytes(StandardCharsets.UTF_8);
      }
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    searchable.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (reference != null) {
      reference.close();
    }
    if (searchable != null) {
      searchable.stop(0);
    }
  }

  private static String host() {
    return "127.0.0.1:" + searchable.getAddress().getPort();
  }

  @Test
  void aRegistryWithoutSearchAnswersAsDockerdDoes() {
    for (Command.Result r : List.of(daemon.docker("search", reference.host() + "/busybox"),
        daemon.berth("search", reference.host() + "/busybox"))) {
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.stderr()).contains("Unexpected status code 404").doesNotContain("Exception");
    }
  }

  @Test
  void resultsAreShownAsDockersTable() {
    String docker = ok(daemon.docker("search", host() + "/team"));
    assertThat(queries).contains("q=team&n=25");
    List<String> lines = docker.lines().toList();
    assertThat(lines.get(0)).containsPattern("NAME\\s+DESCRIPTION\\s+STARS\\s+OFFICIAL");
    assertThat(lines.get(1)).startsWith("team/app").contains("The team's application, with a description l…")
        .containsPattern("12\\s+\\[OK\\]");
    assertThat(lines.get(2)).startsWith("team/tool").contains("a tool").endsWith("1");
    String berth = ok(daemon.berth("search", host() + "/team"));
    assertThat(berth).isEqualTo(docker);
  }

  @Test
  void filtersLimitAndFormat() {
    assertThat(ok(daemon.berth("search", "--filter", "stars=5", "--format", "{{.Name}} {{.StarCount}}", host() + "/team")))
        .isEqualTo("team/app 12");
    assertThat(ok(daemon.docker("search", "--filter", "is-official=false", "--format", "{{.Name}}", host() + "/team")))
        .isEqualTo("team/tool");
    assertThat(ok(daemon.berth("search", "--no-trunc", "--limit", "7", "--format", "{{.Description}}",
        host() + "/team"))).contains("with a description longer than the table shows");
    assertThat(queries).contains("q=team&n=7");
    Command.Result limit = daemon.berth("search", "--limit", "200", host() + "/team");
    assertThat(limit.exitCode()).isNotZero();
    assertThat(limit.stderr()).contains("limit 200 is outside the range of [1, 100]");
    Command.Result filter = daemon.berth("search", "--filter", "stars=many", host() + "/team");
    assertThat(filter.exitCode()).isNotZero();
    assertThat(filter.stderr()).contains("invalid filter 'stars=many'");
  }
}
