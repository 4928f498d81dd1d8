package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoDurationTest {
  @Test
  void parsesGoDurations() {
    assertThat(GoDuration.parseNanos("0")).isZero();
    assertThat(GoDuration.parseNanos("500ms")).isEqualTo(500_000_000L);
    assertThat(GoDuration.parseNanos("1m30s")).isEqualTo(90_000_000_000L);
    assertThat(GoDuration.parseNanos("1.5h")).isEqualTo(5_400_000_000_000L);
    assertThat(GoDuration.parseNanos("2us")).isEqualTo(2_000L);
    assertThat(GoDuration.parseNanos("-1s")).isEqualTo(-1_000_000_000L);
    assertThat(GoDuration.parseNanos(".5s")).isEqualTo(500_000_000L);
  }

  @Test
  void refusesWhatGoRefuses() {
    assertThatThrownBy(() -> GoDuration.parseNanos("10")).hasMessage("time: missing unit in duration \"10\"");
    assertThatThrownBy(() -> GoDuration.parseNanos("abc")).hasMessage("time: invalid duration \"abc\"");
    assertThatThrownBy(() -> GoDuration.parseNanos("")).hasMessage("time: invalid duration \"\"");
    assertThatThrownBy(() -> GoDuration.parseNanos("3d")).hasMessage("time: unknown unit \"d\" in duration \"3d\"");
  }

  @Test
  void formatsAsGoPrints() {
    assertThat(GoDuration.format(0)).isEqualTo("0s");
    assertThat(GoDuration.format(30_000_000_000L)).isEqualTo("30s");
    assertThat(GoDuration.format(1_500_000_000L)).isEqualTo("1.5s");
    assertThat(GoDuration.format(90_000_000_000L)).isEqualTo("1m30s");
    assertThat(GoDuration.format(3_600_000_000_000L)).isEqualTo("1h0m0s");
    assertThat(GoDuration.format(500_000_000L)).isEqualTo("500ms");
    assertThat(GoDuration.format(1_500_000L)).isEqualTo("1.5ms");
    assertThat(GoDuration.format(7)).isEqualTo("7ns");
  }
}
