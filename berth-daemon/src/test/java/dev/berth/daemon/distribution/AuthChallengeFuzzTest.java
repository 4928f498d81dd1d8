package dev.berth.daemon.distribution;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.daemon.FuzzChecks;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A registry's {@code WWW-Authenticate} header is hostile input to every pull, push and login.
 * The input is one header value per line. Parsing never throws (malformed parts are skipped); a
 * bearer realm is either an absolute http(s) URI the token request can be built on, or refused
 * with a one-line {@link IOException}, which the pull reports.
 */
class AuthChallengeFuzzTest {
  @FuzzTest(maxDuration = "3m")
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    List<AuthChallenge> challenges = AuthChallenge.parse(List.of(text.split("\n", -1)));
    for (AuthChallenge c : challenges) {
      if (c.scheme() == null || c.scheme().isEmpty() || c.params() == null) {
        throw new AssertionError("challenge without a scheme: " + c);
      }
      if (c.param("realm") == null) {
        continue;
      }
      URI realm;
      try {
        realm = c.realm();
      } catch (IOException e) {
        FuzzChecks.requireOneLine(new IllegalStateException(e.getMessage(), e));
        continue;
      }
      java.net.http.HttpRequest.newBuilder(realm.resolve("?service=x"));
      RegistryClient.tokenUri(realm, "service=registry.example.com&scope=repository%3Aa%3Apull");
    }
  }
}
