package dev.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.StreamFrames;
import dev.berth.api.StreamType;
import dev.berth.cli.Main;
import dev.berth.cli.json.Json;
import dev.berth.cli.testing.FakeDaemon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int berth(FakeDaemon d, String... args) {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    return Main.run(List.of(args), o, e, new ByteArrayInputStream(new byte[0]), Map.of("BERTH_HOST", d.uri()));
  }

  @Test
  void runAttachesAndWaitsBeforeStartAndExitsWithStatus() throws Exception {
    ThrowingHandler h = (req, o, in) -> {
      String t = req.target();
      if (t.startsWith("/v1.51/containers/create")) {
        o.write(FakeDaemon.json(201, "{\"Id\":\"c1\",\"Warnings\":[]}").getBytes());
      } else if (t.contains("/attach")) {
        o.write("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n".getBytes());
        o.flush();
        Thread.sleep(200);
        o.write(StreamFrames.frame(StreamType.STDOUT, "hi\n".getBytes(), 0, 3));
        o.write(StreamFrames.frame(StreamType.STDERR, "oops\n".getBytes(), 0, 5));
      } else if (t.contains("/wait")) {
        o.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes());
        o.flush();
        Thread.sleep(300);
        String body = "{\"StatusCode\":3,\"Error\":null}";
        o.write((Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n").getBytes());
      } else if (t.contains("/start")) {
        o.write("HTTP/1.1 204 No Content\r\n\r\n".getBytes());
      }
    };
    try (FakeDaemon d = new FakeDaemon(dir, wrap(h))) {
      int code = berth(d, "run", "--rm", "-e", "A=1", "--name", "web", "busybox", "echo", "hi");
      assertThat(code).isEqualTo(3);
      assertThat(out.toString()).isEqualTo("hi\n");
      assertThat(err.toString()).isEqualTo("oops\n");
      List<String> targets = d.requests.stream().map(FakeDaemon.Request::target).toList();
      assertThat(targets.get(0)).isEqualTo("/v1.51/containers/create?name=web");
      assertThat(targets.get(1)).isEqualTo("/v1.51/containers/c1/attach?stream=1&stdout=1&stderr=1");
      assertThat(targets.get(2)).isEqualTo("/v1.51/containers/c1/wait?condition=removed");
      assertThat(targets.get(3)).isEqualTo("/v1.51/containers/c1/start");
      Map<?, ?> body = (Map<?, ?>) Json.parse(d.requests.get(0).body());
      assertThat(body.get("Cmd")).isEqualTo(List.of("echo", "hi"));
      assertThat(body.get("Env")).isEqualTo(List.of("A=1"));
      assertThat(((Map<?, ?>) body.get("HostConfig")).get("AutoRemove")).isEqualTo(true);
    }
  }

  @Test
  void startFailureMapsToDockerExitCodes() throws Exception {
    ThrowingHandler h = (req, o, in) -> {
      String t = req.target();
      if (t.contains("/create")) {
        o.write(FakeDaemon.json(201, "{\"Id\":\"c1\"}").getBytes());
      } else if (t.contains("/attach")) {
        o.write("HTTP/1.1 101 UPGRADED\r\n\r\n".getBytes());
      } else if (t.contains("/wait")) {
        o.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes());
      } else {
        o.write(FakeDaemon.json(400, "{\"message\":\"exec: \\\"nope\\\": executable file not found in $PATH\"}").getBytes());
      }
    };
    try (FakeDaemon d = new FakeDaemon(dir, wrap(h))) {
      assertThat(berth(d, "run", "busybox", "nope")).isEqualTo(127);
      assertThat(err.toString()).startsWith("berth: Error response from daemon: exec: \"nope\": executable file not found");
    }
  }

  @Test
  void missingImageSaysUnableToFind() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> r.target().contains("/containers/create")
        ? FakeDaemon.json(404, "{\"message\":\"No such image: busybox:latest\"}")
        : FakeDaemon.json(404, "{\"message\":\"pull access denied for busybox\"}"))) {
      assertThat(berth(d, "run", "busybox")).isEqualTo(125);
      assertThat(err.toString()).startsWith("Unable to find image 'busybox:latest' locally\n"
          + "berth: Error response from daemon: pull access denied for busybox\n");
    }
  }

  @Test
  void psRendersDockerTable() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String list = "[{\"Id\":\"0123456789abcdef99\",\"Names\":[\"/web\"],\"Image\":\"busybox\",\"Command\":\"sleep 1000\","
        + "\"Created\":" + (now - 130) + ",\"Ports\":[],\"State\":\"running\",\"Status\":\"Up 2 minutes\"}]";
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(200, list))) {
      assertThat(berth(d, "ps", "--filter", "status=running")).isZero();
      assertThat(out.toString()).isEqualTo(
          "CONTAINER ID   IMAGE     COMMAND        CREATED         STATUS         PORTS     NAMES\n"
          + "0123456789ab   busybox   \"sleep 1000\"   2 minutes ago   Up 2 minutes             web\n");
      assertThat(d.requests.get(0).target()).isEqualTo("/v1.51/containers/json?filters=%7B%22status%22%3A%5B%22running%22%5D%7D");
    }
  }

  @Test
  void inspectPrintsIndentedArrayAndReportsMissing() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> r.target().contains("/containers/web/")
        ? FakeDaemon.json(200, "{\"Id\":\"abc\",\"State\":{\"Status\":\"running\"}}")
        : FakeDaemon.json(404, "{\"message\":\"No such object\"}"))) {
      assertThat(berth(d, "inspect", "web", "nope")).isEqualTo(1);
      assertThat(out.toString()).isEqualTo("[\n    {\n        \"Id\": \"abc\",\n        \"State\": {\n"
          + "            \"Status\": \"running\"\n        }\n    }\n]\n");
      assertThat(err.toString()).isEqualTo("Error: No such object: nope\n");
      out.reset();
      assertThat(berth(d, "container", "inspect", "-f", "{{.State.Status}}", "web")).isZero();
      assertThat(out.toString()).isEqualTo("running\n");
    }
  }

  /** Keeps the handler's checked exceptions (Thread.sleep) out of the lambda signature. */
  private static FakeDaemon.Handler wrap(ThrowingHandler h) {
    return (req, o, in) -> {
      try {
        h.handle(req, o, in);
      } catch (java.io.IOException e) {
        throw e;
      } catch (Exception e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  interface ThrowingHandler {
    void handle(FakeDaemon.Request req, java.io.OutputStream o, java.io.InputStream in) throws Exception;
  }
}
