package dev.berth.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a connection owes the clients behind it and the daemon in front: pipelined requests are
 * answered in order, idle and slow-header connections are closed, quiet streams are not, and a
 * JSON body or a header past its limit is refused with a status that says so.
 */
class ConnectionHygieneTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final Router router = new Router()
      .get("/_ping", x -> x.send(HttpResponseStatus.OK, "OK".getBytes(StandardCharsets.US_ASCII), "text/plain"))
      .get("/slow", x -> {
        release.await(TestConnection.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        x.send(HttpResponseStatus.OK, "slow".getBytes(StandardCharsets.US_ASCII), "text/plain");
      })
      .post("/echo", x -> x.json(HttpResponseStatus.CREATED, x.jsonBody(Map.class)))
      .get("/stream", x -> {
        OutputStream out = x.stream("application/json");
        out.write("first\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        release.await(TestConnection.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        out.write("second\n".getBytes(StandardCharsets.US_ASCII));
        out.close();
      });
  private TestConnection conn;

  private TestConnection connect() {
    conn = new TestConnection(router, new ConnectionTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(5)));
    return conn;
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    if (conn != null) {
      conn.close();
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInTheOrderTheyCame() {
    TestConnection c = connect();
    c.send("GET /slow HTTP/1.1\r\nHost: d\r\n\r\nGET /_ping HTTP/1.1\r\nHost: d\r\n\r\n"
        + "POST /echo HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}"
        + "GET /nowhere HTTP/1.1\r\nHost: d\r\n\r\n");
    assertThat(c.rest()).isEmpty(); // the later requests wait for the first
    release.countDown();
    assertThat(c.response().body()).isEqualTo("slow");
    assertThat(c.response().body()).isEqualTo("OK");
    TestConnection.Response echo = c.response();
    assertThat(echo.status()).isEqualTo(201);
    assertThat(echo.body()).isEqualTo("{\"a\":1}");
    assertThat(c.response().status()).isEqualTo(404);
    c.request("GET", "/_ping");
    assertThat(c.response().body()).isEqualTo("OK");
  }

  @Test
  void anIdleConnectionIsClosed() {
    TestConnection c = connect();
    c.request("GET", "/_ping");
    assertThat(c.response().status()).isEqualTo(200);
    c.advance(Duration.ofSeconds(30));
    assertThat(c.isOpen()).isTrue();
    c.awaitClosedAdvancing(Duration.ofSeconds(31));
    assertThat(c.rest()).isEmpty();
  }

  @Test
  void aClientThatSendsItsHeadersSlowlyIsToldAndClosed() {
    TestConnection c = connect();
    c.send("GET /_ping HTTP/1.1\r\nHost: d\r\n");
    c.advance(Duration.ofSeconds(3));
    c.send("X-One: 1\r\n"); // trickling bytes do not restart the clock
    c.advance(Duration.ofSeconds(3));
    c.awaitClosed();
    assertThat(c.rest()).startsWith("HTTP/1.1 408 Request Timeout\r\n")
        .endsWith("{\"message\":\"request headers not received within 5s\"}");
  }

  @Test
  void aQuietStreamIsNotTimedOut() {
    TestConnection c = connect();
    c.request("GET", "/stream");
    c.awaitRaw("the first line", t -> t.contains("first\n"));
    c.advance(Duration.ofMinutes(30));
    assertThat(c.isOpen()).isTrue();
    release.countDown();
    assertThat(c.response().body()).isEqualTo("first\nsecond\n");
    assertThat(c.isOpen()).isTrue();
  }

  @Test
  void aJsonBodyOverTheLimitGets413ByItsLength() {
    TestConnection c = connect();
    c.send("POST /echo HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\nContent-Length: "
        + (Exchange.MAX_JSON_BODY + 1) + "\r\n\r\n{\"a\":");
    TestConnection.Response r = c.response();
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("{\"message\":\"request body over 16 MiB\"}");
    c.awaitClosed();
  }

  @Test
  void aChunkedJsonBodyOverTheLimitGets413WhenItPassesIt() {
    TestConnection c = connect();
    c.send("POST /echo HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    byte[] chunk = new byte[1 << 20];
    java.util.Arrays.fill(chunk, (byte) ' ');
    byte[] head = ("100000\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = "\r\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 17 && c.isOpen(); i++) {
      c.sendBytes(head);
      c.sendBytes(chunk.clone());
      c.sendBytes(tail);
      if (!c.rest().isEmpty()) {
        break;
      }
    }
    TestConnection.Response r = c.response();
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("{\"message\":\"request body over 16 MiB\"}");
  }

  @Test
  void headersPastNettysLimitAreRefused() {
    TestConnection c = connect();
    c.send("GET /_ping HTTP/1.1\r\nHost: d\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n");
    TestConnection.Response r = c.response();
    assertThat(r.status()).isEqualTo(431);
    assertThat(r.body()).isEqualTo("{\"message\":\"request line or headers too long\"}");
    c.awaitClosed();
    TestConnection d = new TestConnection(router);
    try {
      d.send("GET /" + "x".repeat(5000) + " HTTP/1.1\r\nHost: d\r\n\r\n");
      assertThat(d.response().status()).isEqualTo(431);
    } finally {
      d.close();
    }
  }
}
