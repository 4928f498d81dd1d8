package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bearer-token auth, as Docker Hub and most registries do it: the reference registry is configured
 * with {@code auth: token:} and sends clients to a token server of the test's own, which checks
 * basic credentials and answers with a JWT (RS256, its certificate in the {@code x5c} header, that
 * certificate in the registry's {@code rootcertbundle}) granting the requested scopes to the right
 * user and nothing to anyone else. Login, push, pull, run and logout with both CLIs.
 */
class RegistryTokenAuthTest extends SharedDaemonTest {
  private static final String SERVICE = "berth-test-registry";
  private static final String ISSUER = "berth-test-token-server";
  private static Path dir;
  private static HttpServer tokenServer;
  private static LocalRegistry registry;
  private static PrivateKey signingKey;
  private static X509Certificate signingCert;
  /** Every token request: "user|anonymous|refused scope scope...". */
  private static final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "btok-");
    TestPki pki = new TestPki(dir);
    pki.ca("token-signer");
    signingKey = TestPki.privateKey(pki.path("token-signer.key"));
    signingCert = TestPki.certificate(pki.path("token-signer.crt"));
    tokenServer = HttpServer.create(new InetSocketAddress("127.0.0.1", LocalRegistry.freePort(16000)), 0);
    tokenServer.createContext("/token", RegistryTokenAuthTest::token);
    tokenServer.start();
    String auth = """
        auth:
          token:
            realm: http://127.0.0.1:%d/token
            service: %s
            issuer: %s
            rootcertbundle: %s
        """.formatted(tokenServer.getAddress().getPort(), SERVICE, ISSUER, pki.path("token-signer.crt"));
    registry = LocalRegistry.start(null, null, LocalRegistry.freePort(16000), "", auth);
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
    if (tokenServer != null) {
      tokenServer.stop(0);
    }
    if (dir != null) {
      BerthDaemon.deleteTree(dir);
    }
  }

  /** GET /token?service=&scope=...: tester/t0ken-pw gets what it asks for, anonymous nothing. */
  private static void token(HttpExchange ex) throws IOException {
    String user = null;
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.startsWith("Basic ")) {
      String pair = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
      if (!pair.equals("tester:t0ken-pw")) {
        requests.add("refused");
        respond(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}");
        return;
      }
      user = "tester";
    }
    List<String> scopes = new ArrayList<>();
    String service = "";
    String query = ex.getRequestURI().getRawQuery();
    for (String kv : query == null ? new String[0] : query.split("&")) {
      int eq = kv.indexOf('=');
      String k = kv.substring(0, Math.max(eq, 0));
      String v = URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      if (k.equals("scope")) {
        scopes.add(v);
      } else if (k.equals("service")) {
        service = v;
      }
    }
    requests.add((user == null ? "anonymous" : user) + " " + String.join(" ", scopes));
    StringBuilder access = new StringBuilder();
    if (user != null) {
      for (String s : scopes) {
        int first = s.indexOf(':');
        int last = s.lastIndexOf(':');
        if (first < 0 || last <= first) {
          continue;
        }
        access.append(access.isEmpty() ? "" : ",").append("{\"type\":\"").append(s, 0, first).append("\",\"name\":\"")
            .append(s, first + 1, last).append("\",\"actions\":[");
        String[] actions = s.substring(last + 1).split(",");
        for (int i = 0; i < actions.length; i++) {
          access.append(i == 0 ? "" : ",").append('"').append(actions[i]).append('"');
        }
        access.append("]}");
      }
    }
    long now = System.currentTimeMillis() / 1000;
    String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + (user == null ? "" : user) + "\",\"aud\":\"" + service
        + "\",\"exp\":" + (now + 300) + ",\"nbf\":" + (now - 10) + ",\"iat\":" + now + ",\"jti\":\""
        + UUID.randomUUID() + "\",\"access\":[" + access + "]}";
    try {
      String jwt = jwt(claims);
      respond(ex, 200, "{\"token\":\"" + jwt + "\",\"access_token\":\"" + jwt + "\",\"expires_in\":300}");
    } catch (Exception e) {
      respond(ex, 500, "{\"error\":\"" + e + "\"}");
    }
  }

  /** A compact JWS, RS256, with the signing certificate in x5c so the registry can check it against its bundle. */
  private static String jwt(String claims) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String headerJson = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\""
        + Base64.getEncoder().encodeToString(signingCert.getEncoded()) + "\"]}";
    String signingInput = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Signature sig = Signature.getInstance("SHA256withRSA");
    sig.initSign(signingKey);
    sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + b64.encodeToString(sig.sign());
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private static Command.Result berthWithInput(String stdin, String... args) {
    return Command.run(daemon.env(), stdin.getBytes(StandardCharsets.UTF_8), Command.args(BerthDaemon.BERTH, args));
  }

  @Test
  void loginPushPullRunLogoutWithBearerTokens() throws Exception {
    String image = registry.host() + "/tok/bb:1";
    Path config = Path.of(daemon.env().get("DOCKER_CONFIG")).resolve("config.json");
    ok(daemon.docker("tag", "busybox", image));

    Command.Result anonymous = daemon.berth("push", image);
    assertThat(anonymous.exitCode()).isNotZero();
    assertThat(anonymous.stdout() + anonymous.stderr()).containsIgnoringCase("unauthorized");
    assertThat(requests).anyMatch(r -> r.startsWith("anonymous") && r.contains("repository:tok/bb:pull,push"));

    Command.Result wrong = daemon.dockerWithInput("nope\n".getBytes(StandardCharsets.UTF_8), "login", "-u", "tester",
        "--password-stdin", registry.host());
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.stderr()).containsIgnoringCase("unauthorized");
    assertThat(Files.exists(config) ? Files.readString(config) : "").doesNotContain(registry.host());
    assertThat(requests).contains("refused");

    Command.Result login = berthWithInput("t0ken-pw\n", "login", "-u", "tester", "--password-stdin", registry.host());
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.stdout()).contains("Login Succeeded");
    assertThat(Files.readString(config)).contains(registry.host());

    requests.clear();
    assertThat(ok(daemon.docker("push", image))).contains("Pushed").containsPattern("1: digest: sha256:[0-9a-f]{64}");
    assertThat(requests).anyMatch(r -> r.startsWith("tester") && r.contains("repository:tok/bb:pull,push"));

    ok(daemon.docker("rmi", image));
    requests.clear();
    assertThat(ok(daemon.berth("pull", image))).contains("Status: Downloaded newer image for " + image);
    assertThat(requests).anyMatch(r -> r.startsWith("tester") && r.contains("repository:tok/bb:pull"));
    assertThat(ok(daemon.docker("run", "--rm", image, "echo", "token-ok"))).isEqualTo("token-ok");
    ok(daemon.docker("rmi", image));

    assertThat(ok(daemon.docker("logout", registry.host()))).contains("Removing login credentials for "
        + registry.host());
    Command.Result refused = daemon.docker("pull", image);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("pull access denied for " + registry.host() + "/tok/bb");
    Command.Result refusedBerth = daemon.berth("pull", image);
    assertThat(refusedBerth.exitCode()).isNotZero();
    assertThat(refusedBerth.stderr()).containsIgnoringCase("unauthorized");
  }
}
