package dev.berth.daemon.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a registry's credentials may go, against stand-ins of the test's own on 127.0.0.1: the
 * registry's own origin gets them, an upload Location or redirect on another origin does not,
 * and a plain-HTTP token realm is refused for a registry that is neither loopback nor insecure.
 */
class CredentialScopeTest {
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  /** "METHOD path Authorization" for every request a stand-in saw. */
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  private HttpServer server(String name) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext("/", x -> {
      seen.add(name + " " + x.getRequestMethod() + " " + x.getRequestURI().getPath() + " "
          + x.getRequestHeaders().getFirst("Authorization"));
      x.getRequestBody().readAllBytes();
      String path = x.getRequestURI().getPath();
      if (name.equals("registry") && path.equals("/v2/repo/blobs/uploads/")) {
        x.getResponseHeaders().add("Location", "http://localhost:" + servers.get(1).getAddress().getPort() + "/up/1");
        x.sendResponseHeaders(202, -1);
      } else if (name.equals("registry") && path.startsWith("/v2/repo/blobs/sha256:")) {
        x.getResponseHeaders().add("Location", "http://localhost:" + servers.get(1).getAddress().getPort() + "/blob");
        x.sendResponseHeaders(307, -1);
      } else if (name.equals("registry") && x.getRequestHeaders().getFirst("Authorization") == null) {
        x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
        x.sendResponseHeaders(401, -1);
      } else if (name.equals("other") && path.equals("/blob")) {
        byte[] b = "blob".getBytes(StandardCharsets.US_ASCII);
        x.sendResponseHeaders(200, b.length);
        x.getResponseBody().write(b);
      } else if (name.equals("other") && x.getRequestMethod().equals("PATCH")) {
        x.getResponseHeaders().add("Location", "/up/1");
        x.sendResponseHeaders(202, -1);
      } else {
        x.sendResponseHeaders(name.equals("other") ? 201 : 200, -1);
      }
      x.close();
    });
    s.start();
    servers.add(s);
    return s;
  }

  private static RegistryCredentials alice() {
    return new RegistryCredentials("alice", "secret", null, null, null);
  }

  private static Registries.Endpoint endpoint(HttpServer s, boolean insecure) {
    return new Registries.Endpoint("registry.test", URI.create("http://127.0.0.1:" + s.getAddress().getPort()),
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(), insecure);
  }

  @Test
  void uploadLocationsAndRedirectsOnAnotherHostGetNoCredentials() throws Exception {
    HttpServer registry = server("registry");
    server("other");
    RegistryClient client = new RegistryClient(endpoint(registry, true), "repo", alice(), "pull,push");
    client.login();
    URI location = client.mountOrStartUpload("sha256:" + "0".repeat(64), null);
    assertThat(location.getHost()).isEqualTo("localhost");
    client.upload(location, new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}), () -> "sha256:" + "1".repeat(64));
    HttpResponse<InputStream> blob = client.blob("sha256:" + "2".repeat(64), 0);
    try (InputStream in = blob.body()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("blob");
    }
    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:secret".getBytes());
    assertThat(seen).contains("registry POST /v2/repo/blobs/uploads/ " + basic)
        .contains("other PATCH /up/1 null", "other PUT /up/1 null", "other GET /blob null");
    assertThat(seen.stream().filter(l -> l.startsWith("other ")).toList()).allMatch(l -> l.endsWith(" null"));
  }

  @Test
  void aPlainHttpTokenRealmIsRefusedUnlessTheRegistryIsInsecure() throws Exception {
    HttpServer tokens = server("tokens");
    HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext("/", x -> {
      x.getRequestBody().readAllBytes();
      x.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:"
          + tokens.getAddress().getPort() + "/token\",service=\"registry.test\"");
      x.sendResponseHeaders(401, -1);
      x.close();
    });
    registry.start();
    servers.add(registry);
    RegistryClient strict = new RegistryClient(endpoint(registry, false), "repo", alice(), "pull");
    assertThatThrownBy(strict::login).isInstanceOf(RegistryException.class)
        .hasMessage("refusing to send the credentials for registry.test to the token server http://127.0.0.1:"
            + tokens.getAddress().getPort() + "/token over plain HTTP (name the registry with berthd"
            + " --insecure-registry if that is intended)");
    assertThat(seen).isEmpty(); // the token server never saw the password
    // a loopback or --insecure-registry registry may use one
    RegistryClient lax = new RegistryClient(endpoint(registry, true), "repo", alice(), "pull");
    assertThatThrownBy(lax::login).isInstanceOf(IOException.class);
    assertThat(seen).hasSize(1).allMatch(l -> l.startsWith("tokens GET /token Basic "));
  }

  @Test
  void originsCompareSchemeHostAndPort() throws Exception {
    HttpServer registry = server("registry");
    RegistryClient client = new RegistryClient(endpoint(registry, true), "repo", alice(), "pull");
    int port = registry.getAddress().getPort();
    assertThat(client.sameOrigin(URI.create("http://127.0.0.1:" + port + "/v2/x"))).isTrue();
    assertThat(client.sameOrigin(URI.create("http://localhost:" + port + "/v2/x"))).isFalse();
    assertThat(client.sameOrigin(URI.create("http://127.0.0.2:" + port + "/v2/x"))).isFalse();
    assertThat(client.sameOrigin(URI.create("http://127.0.0.1:" + (port + 1) + "/v2/x"))).isFalse();
    assertThat(client.sameOrigin(URI.create("https://127.0.0.1:" + port + "/v2/x"))).isFalse();
    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port)).build(); // a URI the JDK accepts as is
  }
}
