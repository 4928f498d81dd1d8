package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API socket against clients that misbehave, on a daemon with short connection timeouts:
 * pipelined requests answered in order, a connection that says nothing or sends its headers
 * too slowly closed, oversized headers and JSON bodies refused with their status, while attach,
 * wait and other legitimately quiet connections live as long as their container.
 */
class HttpHygieneTest {
  private static BerthDaemon daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = BerthDaemon.startWith(Map.of("BERTH_IDLE_TIMEOUT", "2", "BERTH_HEADER_TIMEOUT", "2"), List.of());
    daemon.importBusybox();
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static SocketChannel connect() throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    ch.connect(UnixDomainSocketAddress.of(daemon.socket()));
    return ch;
  }

  private static void write(SocketChannel ch, String s) throws IOException {
    ch.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)));
  }

  /** Everything the daemon sends until it closes the connection. */
  private static String readToEnd(SocketChannel ch) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(65536);
    while (ch.read(buf) >= 0) {
      out.write(buf.array(), 0, buf.position());
      buf.clear();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    String id = SharedDaemonTest.ok(daemon.docker("create", "--name", "piped", "busybox", "true"));
    try (SocketChannel ch = connect()) {
      write(ch, "GET /containers/piped/json HTTP/1.1\r\nHost: d\r\n\r\n"
          + "GET /containers/nope/json HTTP/1.1\r\nHost: d\r\n\r\n"
          + "GET /_ping HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n");
      String all = readToEnd(ch);
      int first = all.indexOf("HTTP/1.1 200 OK");
      int second = all.indexOf("HTTP/1.1 404");
      int third = all.lastIndexOf("HTTP/1.1 200 OK");
      assertThat(first).as(all).isZero();
      assertThat(all.indexOf("\"Id\":\"" + id + "\"")).isBetween(first, second);
      assertThat(second).isGreaterThan(first).isLessThan(third);
      assertThat(all).contains("No such container: nope").endsWith("OK");
    } finally {
      daemon.docker("rm", "piped");
    }
  }

  @Test
  void silentAndSlowClientsAreClosed() throws Exception {
    try (SocketChannel ch = connect()) {
      assertThat(readToEnd(ch)).isEmpty(); // never sent a byte: closed when idle
    }
    try (SocketChannel ch = connect()) {
      write(ch, "GET /_ping HTTP/1.1\r\nHost: d\r\n"); // and never the blank line
      String answer = readToEnd(ch);
      assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n")
          .endsWith("{\"message\":\"request headers not received within 2s\"}");
    }
    assertThat(daemon.ping()).isTrue();
  }

  @Test
  void quietAttachAndWaitConnectionsAreNotCut() {
    // attach and wait say nothing for longer than both timeouts; the run still gets its output and exit code
    Command.Result r = daemon.docker("run", "--rm", "busybox", "sh", "-c", "sleep 5; echo done; exit 3");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("done\n");
  }

  @Test
  void oversizedHeadersAndJsonBodiesAreRefused() throws Exception {
    try (SocketChannel ch = connect()) {
      write(ch, "GET /_ping HTTP/1.1\r\nHost: d\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n");
      assertThat(readToEnd(ch)).startsWith("HTTP/1.1 431 ").endsWith("{\"message\":\"request line or headers too long\"}");
    }
    List<String> before = SharedDaemonTest.ok(daemon.docker("ps", "-aq")).lines().toList();
    try (SocketChannel ch = connect()) {
      // a create whose body claims 64 MiB: refused before a byte of it is read
      write(ch, "POST /containers/create HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\nContent-Length: "
          + (64 << 20) + "\r\n\r\n{\"Image\":\"busybox\",\"Labels\":{\"x\":\"");
      String answer = readToEnd(ch);
      assertThat(answer).startsWith("HTTP/1.1 413 ").endsWith("{\"message\":\"request body over 16 MiB\"}");
    }
    // a chunked body with no length that keeps going past the limit
    byte[] pad = new byte[1 << 20];
    java.util.Arrays.fill(pad, (byte) 'a');
    try (SocketChannel ch = connect()) {
      write(ch, "POST /containers/create HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      String start = "{\"Image\":\"busybox\",\"Labels\":{\"x\":\"";
      write(ch, Integer.toHexString(start.length()) + "\r\n" + start + "\r\n");
      try {
        for (int i = 0; i < 20; i++) {
          write(ch, Integer.toHexString(pad.length) + "\r\n");
          ch.write(ByteBuffer.wrap(pad));
          write(ch, "\r\n");
        }
      } catch (IOException closedByTheDaemon) {
        // it answered and closed once the limit was passed
      }
      String answer = readToEnd(ch);
      assertThat(answer).startsWith("HTTP/1.1 413 ").endsWith("{\"message\":\"request body over 16 MiB\"}");
    } catch (IOException reset) {
      // the daemon closed with unread bytes: the kernel may reset instead; the store check below still holds
    }
    assertThat(SharedDaemonTest.ok(daemon.docker("ps", "-aq")).lines().toList()).isEqualTo(before);
    assertThat(daemon.ping()).isTrue();
  }
}
