package dev.berth.daemon.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrySettingsTest {
  @Test
  void loopbackIsInsecureButOnlyNamedRegistriesSkipVerification() {
    RegistrySettings s = new RegistrySettings(List.of("registry.test:5000", "10.1.2.3/8"), List.of());
    assertThat(s.insecure("127.0.0.1:5000")).isTrue();
    assertThat(s.insecure("localhost:5000")).isTrue();
    assertThat(s.skipVerify("127.0.0.1:5000")).isFalse();
    assertThat(s.insecure("registry.test:5000")).isTrue();
    assertThat(s.skipVerify("registry.test:5000")).isTrue();
    assertThat(s.skipVerify("registry.test:5001")).isFalse();
    assertThat(s.insecure("10.200.0.1:5000")).isTrue();
    assertThat(s.skipVerify("10.200.0.1:5000")).isTrue();
    assertThat(s.insecure("11.0.0.1")).isFalse();
    assertThat(s.skipVerify("docker.io")).isFalse();
  }

  @Test
  void namingLoopbackExplicitlySkipsVerificationThere() {
    RegistrySettings s = new RegistrySettings(List.of("127.0.0.0/8"), List.of());
    assertThat(s.skipVerify("127.0.0.1:5000")).isTrue();
    assertThat(s.info().get("InsecureRegistryCIDRs")).isEqualTo(List.of("::1/128", "127.0.0.0/8"));
  }

  @Test
  void infoHasDockersShape() {
    RegistrySettings s = new RegistrySettings(List.of("r.test:5000", "10.1.2.3/8"), List.of("https://mirror.test"));
    Map<String, Object> info = s.info();
    assertThat(info.get("InsecureRegistryCIDRs")).isEqualTo(List.of("::1/128", "127.0.0.0/8", "10.0.0.0/8"));
    assertThat(info.get("Mirrors")).isEqualTo(List.of("https://mirror.test/"));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> indexes = (Map<String, Map<String, Object>>) info.get("IndexConfigs");
    assertThat(indexes.get("docker.io")).containsEntry("Mirrors", List.of("https://mirror.test/"))
        .containsEntry("Secure", true).containsEntry("Official", true);
    assertThat(indexes.get("r.test:5000")).containsEntry("Secure", false).containsEntry("Official", false);
  }

  @Test
  void malformedValuesAreRefusedWithDockerdsMessages() {
    assertThatThrownBy(() -> new RegistrySettings(List.of("http://r.test"), List.of()))
        .hasMessage("insecure registry http://r.test should not contain '://'");
    assertThatThrownBy(() -> new RegistrySettings(List.of("10.0.0.0/40"), List.of()))
        .hasMessageContaining("not a valid CIDR");
    assertThatThrownBy(() -> new RegistrySettings(List.of(), List.of("ftp://m.test")))
        .hasMessageContaining("must use either 'https://' or 'http://'");
    assertThatThrownBy(() -> new RegistrySettings(List.of(), List.of("https://m.test/some/path")))
        .hasMessageContaining("path, query or fragment are not allowed");
  }
}
