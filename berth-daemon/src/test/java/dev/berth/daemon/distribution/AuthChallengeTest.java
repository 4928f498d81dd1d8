package dev.berth.daemon.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
  @Test
  void bearerWithQuotedParameters() {
    List<AuthChallenge> c = AuthChallenge.parse(
        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"");
    assertThat(c).hasSize(1);
    assertThat(c.get(0).scheme()).isEqualTo("bearer");
    assertThat(c.get(0).param("realm")).isEqualTo("https://auth.docker.io/token");
    assertThat(c.get(0).param("service")).isEqualTo("registry.docker.io");
    assertThat(c.get(0).param("scope")).isEqualTo("repository:library/busybox:pull");
  }

  @Test
  void basicAndSeveralChallengesInOneHeader() {
    List<AuthChallenge> c = AuthChallenge.parse("Basic realm=\"Registry Realm\", Bearer realm=\"http://t/token\", error=insufficient_scope");
    assertThat(c).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
    assertThat(c.get(0).param("realm")).isEqualTo("Registry Realm");
    assertThat(c.get(1).param("error")).isEqualTo("insufficient_scope");
  }

  @Test
  void escapesCommasInsideQuotesAndCaseOfNames() {
    List<AuthChallenge> c = AuthChallenge.parse("BEARER Realm=\"a\\\"b,c\" , Scope=\"repository:x:pull,push\"");
    assertThat(c.get(0).scheme()).isEqualTo("bearer");
    assertThat(c.get(0).param("realm")).isEqualTo("a\"b,c");
    assertThat(c.get(0).param("scope")).isEqualTo("repository:x:pull,push");
  }

  @Test
  void garbageGivesNothingHarmful() {
    assertThat(AuthChallenge.parse((String) null)).isEmpty();
    assertThat(AuthChallenge.parse("")).isEmpty();
    assertThat(AuthChallenge.parse("=,=\"")).isEmpty();
    assertThat(AuthChallenge.parse("Basic")).singleElement().satisfies(a -> assertThat(a.params()).isEmpty());
  }

  @Test
  void registryAuthHeaderDecodes() {
    String json = "{\"username\":\"u\",\"password\":\"p?>\",\"serveraddress\":\"127.0.0.1:5000\"}";
    String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes());
    RegistryCredentials c = RegistryCredentials.fromHeader(header);
    assertThat(c.username()).isEqualTo("u");
    assertThat(c.password()).isEqualTo("p?>");
    assertThat(c.toString()).doesNotContain("p?>");
    assertThat(RegistryCredentials.fromHeader("e30=").anonymous()).isTrue();
    assertThat(RegistryCredentials.fromHeader(null).anonymous()).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RegistryCredentials.fromHeader("!!!"))
        .hasMessageContaining("X-Registry-Auth");
  }

  @Test
  void loginServerAddresses() {
    assertThat(DistributionRoutes.domainOf("https://index.docker.io/v1/")).isEqualTo("docker.io");
    assertThat(DistributionRoutes.domainOf("")).isEqualTo("docker.io");
    assertThat(DistributionRoutes.domainOf("http://127.0.0.1:5000/v2/")).isEqualTo("127.0.0.1:5000");
    assertThat(DistributionRoutes.domainOf("Reg.Example.com")).isEqualTo("reg.example.com");
  }

  @Test
  void aRealmThatIsNoHttpUrlIsRefusedWithOneLine() throws Exception {
    assertThat(AuthChallenge.parse("Bearer realm=\"https://auth.example.com/token?x=1\"").get(0).realm())
        .hasToString("https://auth.example.com/token?x=1");
    for (String realm : List.of("/relative", "ftp://h/t", "http://[::1]:5000/tok en", "https:///nohost", "http://h/t#f")) {
      AuthChallenge c = AuthChallenge.parse("Bearer realm=\"" + realm + "\"").get(0);
      org.assertj.core.api.Assertions.assertThatThrownBy(c::realm).isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("token realm").hasMessageNotContaining("\n");
    }
  }
}
