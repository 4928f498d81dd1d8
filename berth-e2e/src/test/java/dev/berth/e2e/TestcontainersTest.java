package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers, unchanged, against berthd. It finds the daemon through DOCKER_HOST, which the
 * build sets to the fixed socket this class asks berthd to listen on as well. The daemon runs with
 * its defaults on a host where 172.17.0.0/16 is taken, as it is beside Docker.
 */
class TestcontainersTest {
  static final String SOCKET = "/tmp/berth-e2e-testcontainers.sock";
  static BerthDaemon daemon;
  static HostCollision collision;

  @BeforeAll
  static void start() throws Exception {
    collision = HostCollision.make();
    daemon = BerthDaemon.startWithDefaults("-H", "unix://" + SOCKET);
    daemon.importBusybox();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (daemon != null) {
        daemon.close();
      }
      java.nio.file.Files.deleteIfExists(Path.of(SOCKET));
    } finally {
      if (collision != null) {
        collision.close();
      }
    }
  }

  @Test
  void exposedPortLogWaitExecAndCopyBesideATakenDefaultSubnet() throws Exception {
    try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
        .withCommand("sh", "-c", "mkdir -p /www; echo beside-docker > /www/index.html; echo listening;"
            + " exec httpd -f -p 80 -h /www")
        .withExposedPorts(80)
        .waitingFor(Wait.forLogMessage("listening\n", 1))) {
      c.start();
      assertThat(c.getContainerInfo().getNetworkSettings().getIpAddress()).doesNotStartWith("172.17.");
      java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + c.getMappedPort(80) + "/"))
              .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).isEqualTo("beside-docker\n");
      assertThat(c.execInContainer("cat", "/www/index.html").getStdout()).isEqualTo("beside-docker\n");
      c.copyFileToContainer(org.testcontainers.images.builder.Transferable.of("copied-in\n"), "/tmp/in.txt");
      String copied = c.copyFileFromContainer("/tmp/in.txt",
          in -> new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      assertThat(copied).isEqualTo("copied-in\n");
    }
  }

  @Test
  void genericContainerStartsLogsAndStops() {
    assertThat(DockerClientFactory.instance().isDockerAvailable()).isTrue();
    try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
        .withCommand("sh", "-c", "echo ready; sleep 300")
        .waitingFor(Wait.forLogMessage("ready\\n", 1))) {
      c.start();
      assertThat(c.isRunning()).isTrue();
      assertThat(c.getLogs(OutputFrame.OutputType.STDOUT)).isEqualTo("ready\n");
      assertThat(c.getContainerInfo().getState().getStatus()).isEqualTo("running");
    }
  }

  @Test
  void oneShotContainerReportsItsOutput() {
    try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
        .withCommand("sh", "-c", "echo done")
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy())) {
      c.start();
      assertThat(c.getLogs()).contains("done");
    }
  }

  @Test
  void exposedPortIsMappedAndServed() throws Exception {
    try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
        .withCommand("sh", "-c", "mkdir -p /www; echo served > /www/index.html; exec httpd -f -p 80 -h /www")
        .withExposedPorts(80)
        .waitingFor(Wait.forHttp("/").forStatusCode(200))) {
      c.start();
      int port = c.getMappedPort(80);
      java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + c.getHost() + ":" + port + "/")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).isEqualTo("served\n");
    }
  }

  @Test
  void filesCopiedInBeforeStartExecAndCopyOut() throws Exception {
    try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
        .withCopyToContainer(org.testcontainers.images.builder.Transferable.of("from-the-test\n"), "/tmp/conf.txt")
        .withCommand("sh", "-c", "cat /tmp/conf.txt; echo ready; sleep 300")
        .waitingFor(Wait.forLogMessage("ready\n", 1))) {
      c.start();
      // the file was there before the command ran: the container printed it first
      assertThat(c.getLogs(OutputFrame.OutputType.STDOUT)).isEqualTo("from-the-test\nready\n");
      org.testcontainers.containers.Container.ExecResult r = c.execInContainer("sh", "-c",
          "echo out; echo err >&2; exit 3");
      assertThat(r.getExitCode()).isEqualTo(3);
      assertThat(r.getStdout()).isEqualTo("out\n");
      assertThat(r.getStderr()).isEqualTo("err\n");
      c.execInContainer("sh", "-c", "echo written-inside > /tmp/made.txt");
      String copied = c.copyFileFromContainer("/tmp/made.txt",
          in -> new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      assertThat(copied).isEqualTo("written-inside\n");
    }
  }

  @Test
  void imageFromDockerfileBuildsAndRuns() throws Exception {
    org.testcontainers.images.builder.ImageFromDockerfile image =
        new org.testcontainers.images.builder.ImageFromDockerfile("berth-tc-built", false)
            .withFileFromString("greeting.txt", "built by testcontainers\n")
            .withDockerfileFromBuilder(b -> b.from("busybox:latest")
                .copy("greeting.txt", "/greeting.txt")
                .run("echo ran >> /greeting.txt")
                .cmd("cat", "/greeting.txt")
                .build());
    try (GenericContainer<?> c = new GenericContainer<>(image)
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy())) {
      c.start();
      assertThat(c.getLogs()).isEqualTo("built by testcontainers\nran\n");
    } finally {
      daemon.berth("rmi", "-f", "berth-tc-built");
    }
  }
}
