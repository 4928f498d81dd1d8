package dev.berth.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.StreamFrames;
import dev.berth.api.StreamType;
import dev.berth.cli.testing.FakeDaemon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixHttpClientTest {
  @TempDir Path dir;

  @Test
  void readsContentLengthBodyAndVersionsThePath() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(200, "{\"Version\":\"1.0\"}"))) {
      DaemonClient c = new DaemonClient(DaemonAddress.parse(d.uri()));
      assertThat(c.getJson("/version")).isEqualTo(Map.of("Version", "1.0"));
      assertThat(d.requests.get(0).target()).isEqualTo("/v1.51/version");
    }
  }

  @Test
  void readsChunkedBodiesIncrementally() throws Exception {
    String resp = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n";
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> resp)) {
      try (HttpResponse r = new UnixHttpClient(d.socket()).send(new HttpRequest("GET", "/x"))) {
        byte[] first = new byte[5];
        assertThat(r.body().read(first)).isEqualTo(5);
        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(r.text()).isEqualTo(" world");
      }
    }
  }

  @Test
  void daemonErrorsCarryTheMessage() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(404, "{\"message\":\"No such container: x\"}"))) {
      DaemonClient c = new DaemonClient(DaemonAddress.parse(d.uri()));
      assertThatThrownBy(() -> c.getJson("/containers/x/json")).isInstanceOf(DaemonException.class)
          .hasMessage("No such container: x");
    }
  }

  @Test
  void missingSocketIsCannotConnect() {
    DaemonClient c = new DaemonClient(DaemonAddress.parse("unix://" + dir.resolve("none.sock")));
    assertThatThrownBy(() -> c.getJson("/version")).isInstanceOf(CannotConnectException.class);
  }

  @Test
  void streamsUnknownLengthBodiesChunked() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(200, "{}"))) {
      byte[] big = new byte[200_000];
      for (int i = 0; i < big.length; i++) {
        big[i] = (byte) i;
      }
      try (HttpResponse r = new DaemonClient(DaemonAddress.parse(d.uri()))
          .upload("/images/load", new ByteArrayInputStream(big), -1, "application/x-tar")) {
        r.bytes();
      }
      assertThat(d.requests.get(0).head()).contains("transfer-encoding: chunked");
      assertThat(d.requests.get(0).body()).isEqualTo(big);
    }
  }

  @Test
  void hijacksAttachAndHalfClosesStdin() throws Exception {
    FakeDaemon.Handler h = (req, out, in) -> {
      out.write("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      byte[] stdin = in.readAllBytes(); // ends when the client half-closes
      out.write(StreamFrames.frame(StreamType.STDOUT, stdin, 0, stdin.length));
      out.write(StreamFrames.frame(StreamType.STDERR, "err".getBytes(), 0, 3));
      out.flush();
    };
    try (FakeDaemon d = new FakeDaemon(dir, h)) {
      HttpRequest req = new HttpRequest("POST", "/containers/x/attach?stream=1&stdin=1").upgrade();
      try (HttpResponse r = new UnixHttpClient(d.socket()).send(req)) {
        assertThat(r.status()).isEqualTo(101);
        r.output().write("ping".getBytes());
        r.closeOutput();
        InputStream body = r.body();
        StreamFrames.Frame f1 = StreamFrames.read(body);
        StreamFrames.Frame f2 = StreamFrames.read(body);
        assertThat(f1.stream()).isEqualTo(StreamType.STDOUT);
        assertThat(new String(f1.payload())).isEqualTo("ping");
        assertThat(new String(f2.payload())).isEqualTo("err");
      }
      assertThat(d.requests.get(0).head()).contains("upgrade: tcp").contains("connection: upgrade");
    }
  }

  @Test
  void responseHeadParsesStatusAndHeaders() throws Exception {
    InputStream in = new ByteArrayInputStream("HTTP/1.1 204 No Content\r\nApi-Version: 1.51\r\n\r\n".getBytes());
    ResponseHead h = ResponseHead.read(in);
    assertThat(h.status()).isEqualTo(204);
    assertThat(h.headers()).containsEntry("api-version", "1.51");
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    h.body(in, "GET").transferTo(sink);
    assertThat(sink.size()).isZero();
  }

  @Test
  void jsonStreamSplitsConcatenatedMessages() throws Exception {
    JsonStream s = new JsonStream(new ByteArrayInputStream(
        "{\"stream\":\"Loaded image: busybox:latest\\n\"}\r\n{\"status\":\"a}\"}{\"x\":[1,{}]}".getBytes()));
    assertThat(s.next()).isEqualTo("{\"stream\":\"Loaded image: busybox:latest\\n\"}");
    assertThat(s.next()).isEqualTo("{\"status\":\"a}\"}");
    assertThat(s.next()).isEqualTo("{\"x\":[1,{}]}");
    assertThat(s.next()).isNull();
  }

  @Test
  void filtersEncodeAsJsonLists() {
    assertThat(FilterEncoder.encode(java.util.List.of("status=running", "label=a=b", "status=exited")))
        .isEqualTo("{\"status\":[\"running\",\"exited\"],\"label\":[\"a=b\"]}");
    assertThat(FilterEncoder.encode(java.util.List.of())).isNull();
    assertThat(Query.path("/containers/json").param("filters", "{\"a\":[\"b c\"]}").build())
        .isEqualTo("/containers/json?filters=%7B%22a%22%3A%5B%22b+c%22%5D%7D");
  }

  @Test
  void hostResolutionOrder() {
    assertThat(DaemonAddress.resolve(null, Map.of()).uri()).isEqualTo("unix:///run/berth/berth.sock");
    assertThat(DaemonAddress.resolve(null, Map.of("DOCKER_HOST", "unix:///d.sock")).socket()).isEqualTo(Path.of("/d.sock"));
    assertThat(DaemonAddress.resolve(null, Map.of("DOCKER_HOST", "unix:///d.sock", "BERTH_HOST", "unix:///b.sock")).uri())
        .isEqualTo("unix:///b.sock");
    assertThat(DaemonAddress.resolve("unix:///h.sock", Map.of("BERTH_HOST", "unix:///b.sock")).uri()).isEqualTo("unix:///h.sock");
  }
}
