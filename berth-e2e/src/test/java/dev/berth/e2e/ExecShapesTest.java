package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /exec/{id}/start} on the wire, in the shapes docker-py uses: the start request's
 * {@code Tty}, not the exec's, picks raw bytes or stream frames (an exec made with a terminal and
 * started without one answers in stdout frames), with and without the Upgrade handshake; and
 * detach keys sent as {@code detachKeys}, as docker-py spells them, end the session.
 */
class ExecShapesTest extends SharedDaemonTest {
  @BeforeEach
  void runTarget() {
    ok(daemon.docker("run", "-d", "-i", "--name", "shapes", "busybox", "cat"));
  }

  @AfterEach
  void removeTarget() {
    daemon.berth("rm", "-f", "shapes");
  }

  private String exec(String body) throws Exception {
    RawResponse r = RawResponse.send(daemon.socket(), "POST", "/v1.45/containers/shapes/exec", "application/json",
        body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return Json.tree(r.body()).path("Id").asText();
  }

  private static byte[] frame(int stream, String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
    b.put((byte) stream).put(new byte[3]).putInt(payload.length).put(payload);
    return b.array();
  }

  @Test
  void aTerminalExecStartedWithoutATerminalAnswersInStdoutFrames() throws Exception {
    String id = exec("{\"Cmd\":[\"printf\",\"yay, interactive exec!\"],\"Tty\":true,\"AttachStdout\":true}");
    RawResponse r = RawResponse.send(daemon.socket(), "POST", "/v1.45/exec/" + id + "/start", "application/json",
        "{\"Tty\":false,\"Detach\":false}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().get("content-type")).isEqualTo("application/vnd.docker.multiplexed-stream");
    assertThat(r.body()).isEqualTo(frame(1, "yay, interactive exec!"));
  }

  @Test
  void terminalOutputKeepsItsLineEndsInFramesAndRawWhenTheStartAsksForATerminal() throws Exception {
    String cmd = "[\"sh\",\"-c\",\"echo hello out; echo hello err >&2\"]";
    String framed = exec("{\"Cmd\":" + cmd + ",\"Tty\":true,\"AttachStdout\":true,\"AttachStderr\":true}");
    RawResponse f = RawResponse.send(daemon.socket(), "POST", "/v1.45/exec/" + framed + "/start", "application/json",
        "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(payloads(f.body(), 1)).isEqualTo("hello out\r\nhello err\r\n");
    String raw = exec("{\"Cmd\":" + cmd + ",\"Tty\":true,\"AttachStdout\":true,\"AttachStderr\":true}");
    RawResponse r = RawResponse.send(daemon.socket(), "POST", "/v1.45/exec/" + raw + "/start", "application/json",
        "{\"Tty\":true}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.headers().get("content-type")).isEqualTo("application/vnd.docker.raw-stream");
    assertThat(r.text()).isEqualTo("hello out\r\nhello err\r\n");
    // an exec without a terminal started with one: its two streams, unframed
    String plain = exec("{\"Cmd\":[\"sh\",\"-c\",\"echo out; sleep 0.2; echo err >&2\"],\"AttachStdout\":true,"
        + "\"AttachStderr\":true}");
    RawResponse p = RawResponse.send(daemon.socket(), "POST", "/v1.45/exec/" + plain + "/start", "application/json",
        "{\"Tty\":true}".getBytes(StandardCharsets.UTF_8));
    assertThat(p.text()).isEqualTo("out\nerr\n");
  }

  /** The frames' payloads, which must all be of {@code stream}. */
  private static String payloads(byte[] body, int stream) {
    ByteBuffer b = ByteBuffer.wrap(body);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (b.remaining() >= 8) {
      assertThat((int) b.get()).isEqualTo(stream);
      b.position(b.position() + 3);
      byte[] p = new byte[b.getInt()];
      b.get(p);
      out.writeBytes(p);
    }
    assertThat(b.remaining()).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void detachKeysSpelledTheWayDockerPySpellsThemEndTheSession() throws Exception {
    String id = exec("{\"Cmd\":[\"cat\"],\"Tty\":true,\"AttachStdin\":true,\"AttachStdout\":true,"
        + "\"detachKeys\":\"ctrl-p\"}");
    JsonNode inspect = Json.tree(RawResponse.send(daemon.socket(), "GET", "/exec/" + id + "/json", null, null).body());
    assertThat(inspect.path("DetachKeys").asText()).isEqualTo("ctrl-p");
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(daemon.socket()));
      byte[] body = "{\"Tty\":true}".getBytes(StandardCharsets.UTF_8);
      String head = "POST /v1.45/exec/" + id + "/start HTTP/1.1\r\nHost: berth\r\nConnection: Upgrade\r\n"
          + "Upgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
      ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
      ch.write(ByteBuffer.wrap(body));
      String status = readUntil(ch, "\r\n\r\n");
      assertThat(status).startsWith("HTTP/1.1 101");
      ch.write(ByteBuffer.wrap("echo me\n".getBytes(StandardCharsets.US_ASCII)));
      assertThat(readUntil(ch, "echo me\r\n")).contains("echo me");
      ch.write(ByteBuffer.wrap(new byte[] {0x10}));   // ctrl-p
      // the session ends: the daemon closes the connection
      ByteBuffer rest = ByteBuffer.allocate(4096);
      int n;
      do {
        rest.clear();
        n = ch.read(rest);
      } while (n > 0);
      assertThat(n).isEqualTo(-1);
    }
    // cat is still there, detached, as with docker exec -it and its detach keys
    assertThat(Json.tree(RawResponse.send(daemon.socket(), "GET", "/exec/" + id + "/json", null, null).body())
        .path("Running").asBoolean()).isTrue();
  }

  private static String readUntil(SocketChannel ch, String marker) throws Exception {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (!got.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
      one.clear();
      if (ch.read(one) < 0) {
        break;
      }
      got.write(one.array()[0]);
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }
}
