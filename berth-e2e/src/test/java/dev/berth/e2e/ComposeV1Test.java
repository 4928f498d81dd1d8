package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debian's docker-compose 1.29 (Python, docker-py underneath) against berthd: a built service
 * with a named volume, a health check and a published port, and a second service on two networks
 * with an alias that depends on it; up, ps, logs, exec, down, up again, down -v.
 */
class ComposeV1Test extends SharedDaemonTest {
  private Path project;
  private String name;
  private int port;

  @BeforeEach
  void writeProject() throws Exception {
    project = Files.createTempDirectory(Path.of("/tmp"), "be2e-compose-");
    name = "bc" + Long.toHexString(System.nanoTime() & 0xffffff);
    port = DefaultBridgeTest.freePort();
    Files.createDirectories(project.resolve("web"));
    Files.writeString(project.resolve("web/Dockerfile"), """
        FROM busybox:latest
        RUN echo built-by-compose > /built.txt
        CMD ["sh", "-c", "cp /built.txt /www/index.html; exec httpd -f -p 80 -h /www"]
        """);
    Files.writeString(project.resolve("docker-compose.yml"), """
        version: "3.7"
        services:
          web:
            build: ./web
            image: %s-web:latest
            ports:
              - "127.0.0.1:%d:80"
            volumes:
              - data:/www
            networks:
              - front
            healthcheck:
              test: ["CMD", "wget", "-qO-", "http://127.0.0.1/"]
              interval: 1s
              timeout: 2s
              retries: 20
          api:
            image: busybox:latest
            command: ["sh", "-c", "echo api-up; exec sleep 300"]
            depends_on:
              - web
            networks:
              front:
                aliases:
                  - backend
              back: {}
        volumes:
          data: {}
        networks:
          front: {}
          back: {}
        """.formatted(name, port));
  }

  @AfterEach
  void cleanUp() throws Exception {
    compose(Map.of(), "down", "-v", "--rmi", "local");
    daemon.docker("rmi", "-f", name + "-web:latest");
    BerthDaemon.deleteTree(project);
  }

  private Command.Result compose(Map<String, String> extra, String... args) {
    Map<String, String> env = new HashMap<>(daemon.env());
    env.putAll(extra);
    List<String> cmd = new java.util.ArrayList<>(List.of("docker-compose", "-p", name, "--project-directory",
        project.toString(), "-f", project.resolve("docker-compose.yml").toString()));
    cmd.addAll(List.of(args));
    return Command.run(env, null, cmd);
  }

  @Test
  void theWholeCycleWithComposeBuildingThroughTheApi() throws Exception {
    cycle(Map.of("COMPOSE_DOCKER_CLI_BUILD", "0"));
  }

  @Test
  void theWholeCycleWithComposeRunningDockerBuild() throws Exception {
    cycle(Map.of("DOCKER_BUILDKIT", "0"));
  }

  private void cycle(Map<String, String> env) throws Exception {
    Command.Result up = compose(env, "up", "-d", "--build");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(DefaultBridgeTest.fetch(port)).isEqualTo("built-by-compose\n");

    String ps = ok(compose(env, "ps"));
    assertThat(ps).contains(name + "_web_1").contains(name + "_api_1").contains("127.0.0.1:" + port + "->80/tcp");
    assertThat(ok(compose(env, "logs", "--no-color", "api"))).contains("api-up");
    // api reaches web by its service name on the network they share, and is "backend" there
    String probe = ok(compose(env, "exec", "-T", "api", "sh", "-c",
        "for i in $(seq 1 50); do wget -qO- http://web/ 2>/dev/null && break; sleep 0.2; done;"
            + " for i in $(seq 1 50); do nslookup backend >/dev/null 2>&1 && echo alias-resolves && break; sleep 0.2;"
            + " done"));
    assertThat(probe).isEqualTo("built-by-compose\nalias-resolves");
    assertThat(ok(daemon.docker("inspect", "-f", "{{.State.Health.Status}}", name + "_web_1"))).isIn("healthy",
        "starting");
    assertThat(ok(daemon.docker("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}",
        name + "_api_1"))).isEqualTo(name + "_back " + name + "_front");
    ok(compose(env, "exec", "-T", "web", "sh", "-c", "echo kept > /www/kept.txt"));

    ok(compose(env, "down"));
    assertThat(ok(daemon.docker("volume", "ls", "-q"))).contains(name + "_data");
    assertThat(ok(daemon.docker("network", "ls", "--format", "{{.Name}}"))).doesNotContain(name + "_front");

    ok(compose(env, "up", "-d"));
    assertThat(ok(compose(env, "exec", "-T", "web", "cat", "/www/kept.txt"))).isEqualTo("kept");

    ok(compose(env, "down", "-v"));
    assertThat(ok(daemon.docker("volume", "ls", "-q"))).doesNotContain(name + "_data");
    assertThat(ok(daemon.docker("network", "ls", "--format", "{{.Name}}"))).doesNotContain(name + "_front")
        .doesNotContain(name + "_back");
    assertThat(ok(daemon.docker("ps", "-aq"))).isEmpty();
  }
}
