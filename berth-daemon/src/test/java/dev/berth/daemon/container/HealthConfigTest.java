package dev.berth.daemon.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.daemon.server.ApiException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthConfigTest {
  private static final String IMAGE = "{\"Test\":[\"CMD-SHELL\",\"check\"],\"Interval\":5000000000,\"Retries\":7}";

  @Test
  void theRequestWinsFieldByFieldAndTheImageFillsTheRest() {
    Container c = ContainerFactoryTest.build(
        "{\"Image\":\"busybox\",\"Healthcheck\":{\"Interval\":2000000000,\"Timeout\":1000000000}}",
        ContainerFactoryTest.image("{\"Cmd\":[\"sh\"],\"Healthcheck\":" + IMAGE + "}"));
    HealthConfig hc = HealthConfig.of(c.config.get("Healthcheck"));
    assertThat(hc.test()).containsExactly("CMD-SHELL", "check");
    assertThat(hc.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(hc.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(hc.effectiveRetries()).isEqualTo(7);
    assertThat(c.config.get("Healthcheck").has("StartPeriod")).isFalse();
  }

  @Test
  void noneFromTheRequestDisablesTheImagesCheck() {
    Container c = ContainerFactoryTest.build("{\"Image\":\"busybox\",\"Healthcheck\":{\"Test\":[\"NONE\"]}}",
        ContainerFactoryTest.image("{\"Cmd\":[\"sh\"],\"Healthcheck\":" + IMAGE + "}"));
    assertThat(HealthConfig.of(c.config.get("Healthcheck")).probeCommand()).isNull();
  }

  @Test
  void dockersDefaultsFillZeroes() {
    HealthConfig hc = HealthConfig.of(ContainerFactoryTest.json("{\"Test\":[\"CMD\",\"true\"]}"));
    assertThat(hc.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(hc.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(hc.startPeriod()).isEqualTo(Duration.ZERO);
    assertThat(hc.startInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(hc.effectiveRetries()).isEqualTo(3);
  }

  @Test
  void probeCommandsAreExecOrShell() {
    assertThat(HealthConfig.of(ContainerFactoryTest.json("{\"Test\":[\"CMD\",\"cat\",\"/f\"]}")).probeCommand())
        .isEqualTo(List.of("cat", "/f"));
    assertThat(HealthConfig.of(ContainerFactoryTest.json("{\"Test\":[\"CMD-SHELL\",\"a && b\"]}")).probeCommand())
        .isEqualTo(List.of("/bin/sh", "-c", "a && b"));
    assertThat(HealthConfig.of(ContainerFactoryTest.json("{\"Test\":[]}")).probeCommand()).isNull();
  }

  @Test
  void tooShortDurationsAndNegativeRetriesAreRefused() {
    assertThatThrownBy(() -> ContainerFactoryTest.build(
        "{\"Image\":\"busybox\",\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":5}}",
        ContainerFactoryTest.BUSYBOX)).isInstanceOf(ApiException.class)
        .hasMessage("Interval in Healthcheck cannot be less than 1ms");
    assertThatThrownBy(() -> ContainerFactoryTest.build(
        "{\"Image\":\"busybox\",\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Retries\":-1}}",
        ContainerFactoryTest.BUSYBOX)).hasMessage("Retries in Healthcheck cannot be negative");
  }
}
