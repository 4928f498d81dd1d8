package dev.berth.daemon.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthMonitorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static HealthConfig config(long startPeriodSeconds, int retries) {
    return new HealthConfig(List.of("CMD", "true"), Duration.ofSeconds(10).toNanos(), 0,
        Duration.ofSeconds(startPeriodSeconds).toNanos(), Duration.ofSeconds(1).toNanos(), retries);
  }

  private static Container running() {
    Container c = ContainerFactoryTest.build("{\"Image\":\"busybox\"}", ContainerFactoryTest.BUSYBOX);
    c.state.status = "running";
    c.state.startedAt = T0;
    c.state.health = new HealthState();
    return c;
  }

  private static HealthState.Probe probe(long atSecond, int exitCode) {
    return new HealthState.Probe(T0.plusSeconds(atSecond), T0.plusSeconds(atSecond), exitCode, "out " + atSecond);
  }

  @Test
  void failuresInARowUpToRetriesMakeItUnhealthyAndOnePassHealthy() {
    Container c = running();
    HealthConfig hc = config(0, 2);
    assertThat(HealthMonitor.record(c, hc, probe(1, 1))).isNull();
    assertThat(c.state.health.failingStreak).isEqualTo(1);
    assertThat(HealthMonitor.record(c, hc, probe(2, 1))).isEqualTo("unhealthy");
    assertThat(HealthMonitor.record(c, hc, probe(3, 0))).isEqualTo("healthy");
    assertThat(c.state.health.failingStreak).isZero();
  }

  @Test
  void failuresInTheStartPeriodDoNotCountWhileStarting() {
    Container c = running();
    HealthConfig hc = config(60, 1);
    assertThat(HealthMonitor.record(c, hc, probe(5, 1))).isNull();
    assertThat(c.state.health.status).isEqualTo("starting");
    assertThat(c.state.health.failingStreak).isZero();
    HealthMonitor.record(c, hc, probe(6, 0));
    // once it has passed, a failure counts even inside the start period
    assertThat(HealthMonitor.record(c, hc, probe(7, 1))).isEqualTo("unhealthy");
  }

  @Test
  void theLogKeepsTheLastFiveProbes() {
    Container c = running();
    for (int i = 1; i <= 7; i++) {
      HealthMonitor.record(c, config(0, 3), probe(i, 0));
    }
    assertThat(c.state.health.log).extracting(p -> p.output)
        .containsExactly("out 3", "out 4", "out 5", "out 6", "out 7");
  }

  @Test
  void nextProbeFollowsDockersIntervals() {
    HealthState starting = new HealthState();
    // no start period: the interval
    assertThat(HealthMonitor.nextDelay(config(0, 3), T0, starting, T0)).isEqualTo(Duration.ofSeconds(10));
    // a start period shorter than the interval: right when it ends
    assertThat(HealthMonitor.nextDelay(config(4, 3), T0, starting, T0.plusSeconds(1))).isEqualTo(Duration.ofSeconds(3));
    // a long start period while starting: the start interval
    assertThat(HealthMonitor.nextDelay(config(60, 3), T0, starting, T0)).isEqualTo(Duration.ofSeconds(1));
    HealthState healthy = new HealthState();
    healthy.status = HealthState.HEALTHY;
    assertThat(HealthMonitor.nextDelay(config(60, 3), T0, healthy, T0)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aTimedOutProbeSaysSoAsDocker() {
    assertThat(HealthMonitor.timeoutMessage(Duration.ofSeconds(1), "")).isEqualTo("Health check exceeded timeout (1s)");
    assertThat(HealthMonitor.timeoutMessage(Duration.ofMillis(1500), "partial"))
        .isEqualTo("Health check exceeded timeout (1.5s): partial");
  }
}
