package dev.berth.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DispatcherTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final Router router = new Router()
      .get("/_ping", x -> x.send(HttpResponseStatus.OK, "OK".getBytes(StandardCharsets.US_ASCII), "text/plain"))
      .get("/containers/{id}/json", x -> {
        throw ApiException.notFound("No such container: " + x.path("id"));
      })
      .post("/containers/create", x -> x.json(HttpResponseStatus.CREATED, x.jsonBody(Map.class)))
      .post("/containers/{id}/start", x -> {
        throw ApiException.notModified();
      })
      .post("/containers/{id}/kill", x -> {
        throw new IllegalArgumentException("Invalid signal: NOPE");
      })
      .post("/containers/{id}/pause", x -> {
        throw new IllegalStateException("boom");
      })
      .post("/containers/{id}/stop", x -> { })
      .get("/flags", x -> x.json(Map.of("all", x.flag("all", false))))
      .get("/filters", x -> x.json(Map.of("keys", x.filters().keys())))
      .get("/version-seen", x -> x.json(Map.of("v", x.version().toString())))
      .get("/stream", x -> {
        OutputStream out = x.stream("application/json");
        out.write("first\n".getBytes(StandardCharsets.US_ASCII));
        release.await(TestConnection.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        out.write("second\n".getBytes(StandardCharsets.US_ASCII));
        out.close();
      })
      .get("/stream-then-fail", x -> {
        OutputStream out = x.stream("application/json");
        out.write("partial\n".getBytes(StandardCharsets.US_ASCII));
        throw new IllegalStateException("disk vanished");
      })
      .get("/stream-unclosed", x -> {
        OutputStream out = x.stream("application/json");
        out.write("only\n".getBytes(StandardCharsets.US_ASCII));
      });
  private final TestConnection conn = new TestConnection(router);

  @AfterEach
  void tearDown() {
    release.countDown();
    conn.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1.24", "/v1.41", "/v1.51", ""})
  void versionPrefixesInTheSupportedRangeAndNoPrefixAreAccepted(String prefix) {
    conn.request("GET", prefix + "/_ping");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("OK");
  }

  @Test
  void versionFromThePrefixReachesTheHandler() {
    conn.request("GET", "/v1.41/version-seen");

    assertThat(conn.response().body()).isEqualTo("{\"v\":\"1.41\"}");
  }

  @Test
  void missingPrefixMeansTheCurrentVersion() {
    conn.request("GET", "/version-seen");

    assertThat(conn.response().body()).isEqualTo("{\"v\":\"1.51\"}");
  }

  @Test
  void versionBelowTheMinimumIsRejectedWithDockersMessage() {
    conn.request("GET", "/v1.23/_ping");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"message\":\"client version 1.23 is too old. Minimum supported API version is"
        + " 1.24, please upgrade your client to a newer version\"}");
  }

  @Test
  void versionAboveTheCurrentIsRejectedAsTooNew() {
    conn.request("GET", "/v1.99/_ping");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(
        "{\"message\":\"client version 1.99 is too new. Maximum supported API version is 1.51\"}");
  }

  @Test
  void versionTooLargeForAnIntIsRejectedAsTooNewInsteadOfDroppingTheConnection() {
    conn.request("GET", "/v1.99999999999/_ping");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("is too new");
  }

  @Test
  void unknownPathIsPageNotFound() {
    conn.request("GET", "/v1.51/nothing/here");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("{\"message\":\"page not found\"}");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void knownPathWithAnotherMethodIsPageNotFoundAsInDocker() {
    conn.request("DELETE", "/_ping");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("{\"message\":\"page not found\"}");
  }

  @Test
  void notFoundFromAHandlerIs404WithALowerCaseMessageKey() {
    conn.request("GET", "/containers/abc/json");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("{\"message\":\"No such container: abc\"}");
  }

  @Test
  void illegalArgumentFromAHandlerIs400() {
    conn.request("POST", "/containers/abc/kill");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"message\":\"Invalid signal: NOPE\"}");
  }

  @Test
  void unexpectedFailureIs500WithItsMessage() {
    conn.request("POST", "/containers/abc/pause");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"message\":\"boom\"}");
  }

  @Test
  void malformedJsonBodyIs400() {
    conn.request("POST", "/containers/create", "{\"Image\": ");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).startsWith("{\"message\":\"invalid JSON");
  }

  @Test
  void wellFormedJsonBodyReachesTheHandler() {
    conn.request("POST", "/containers/create", "{\"Image\":\"busybox\"}");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("{\"Image\":\"busybox\"}");
  }

  @Test
  void notModifiedHasNoBody() {
    conn.request("POST", "/containers/abc/start");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
    assertThat(conn.rest()).isEmpty();
  }

  @Test
  void handlerThatDoesNotAnswerGives204() {
    conn.request("POST", "/containers/abc/stop");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void everyResponseCarriesTheApiHeaders() {
    conn.request("GET", "/_ping");
    TestConnection.Response ok = conn.response();
    conn.request("GET", "/containers/abc/json");
    TestConnection.Response handlerError = conn.response();
    conn.request("GET", "/nope");
    TestConnection.Response routingError = conn.response();
    conn.request("GET", "/v1.2/_ping");
    TestConnection.Response versionError = conn.response();
    conn.request("GET", "/stream");
    conn.awaitRaw("stream headers", s -> s.contains("\r\n\r\n"));
    release.countDown();
    TestConnection.Response stream = conn.response();

    for (TestConnection.Response r : new TestConnection.Response[] {ok, handlerError, routingError, versionError, stream}) {
      assertThat(r.header("Api-Version")).as("Api-Version of a %d", r.status()).isEqualTo("1.51");
      assertThat(r.header("Ostype")).as("Ostype of a %d", r.status()).isEqualTo("linux");
    }
  }

  @Test
  void keepAliveConnectionServesRequestsOneAfterAnother() {
    conn.request("GET", "/_ping");
    assertThat(conn.response().status()).isEqualTo(200);

    conn.request("GET", "/containers/x/json");
    assertThat(conn.response().status()).isEqualTo(404);

    conn.request("GET", "/_ping");
    assertThat(conn.response().status()).isEqualTo(200);
    assertThat(conn.isOpen()).isTrue();
  }

  @Test
  void connectionCloseRequestIsAnsweredThenClosed() {
    conn.send("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n");

    TestConnection.Response r = conn.response();
    conn.awaitClosed();

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Connection")).isEqualTo("close");
  }

  @Test
  void streamedAnswerSendsHeadersAndChunksBeforeTheHandlerFinishes() {
    conn.request("GET", "/stream");

    String early = conn.awaitRaw("headers and the first chunk", s -> s.contains("first\n"));

    assertThat(early).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(early.toLowerCase()).contains("transfer-encoding: chunked");
    assertThat(early).doesNotContain("second");

    release.countDown();
    TestConnection.Response r = conn.response();

    assertThat(r.chunked()).isTrue();
    assertThat(r.body()).isEqualTo("first\nsecond\n");
    assertThat(conn.isOpen()).isTrue();
  }

  @Test
  void failureAfterAStreamBeganClosesTheConnectionWithoutEndingTheBody() {
    conn.request("GET", "/stream-then-fail");

    conn.awaitClosed();
    String raw = conn.rest();

    assertThat(raw).startsWith("HTTP/1.1 200 OK\r\n").contains("partial\n");
    assertThat(raw).as("no terminating chunk").doesNotEndWith("0\r\n\r\n");
    assertThat(TestConnection.Response.parse(raw)).as("an incomplete response").isNull();
  }

  @Test
  void streamTheHandlerLeftOpenIsEndedWhenItReturns() {
    conn.request("GET", "/stream-unclosed");

    TestConnection.Response r = conn.response();

    assertThat(r.body()).isEqualTo("only\n");
    assertThat(conn.isOpen()).isTrue();
  }

  @Test
  void flagsAcceptDockerBooleans() {
    conn.request("GET", "/flags?all=1");
    assertThat(conn.response().body()).isEqualTo("{\"all\":true}");

    conn.request("GET", "/flags?all=false");
    assertThat(conn.response().body()).isEqualTo("{\"all\":false}");
  }

  @Test
  void invalidBooleanIs400() {
    conn.request("GET", "/flags?all=maybe");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"message\":\"invalid boolean value for all: maybe\"}");
  }

  @Test
  void malformedFiltersAre400() {
    conn.request("GET", "/filters?filters=%7Bnot-json");

    TestConnection.Response r = conn.response();

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).startsWith("{\"message\":\"invalid filters: ");
  }

  @Test
  void filtersInTheQueryAreDecoded() {
    conn.request("GET", "/filters?filters=%7B%22status%22%3A%5B%22running%22%5D%7D");

    assertThat(conn.response().body()).isEqualTo("{\"keys\":[\"status\"]}");
  }
}
