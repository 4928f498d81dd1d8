package dev.berth.daemon.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {
  @Test
  void rfc3339DropsTrailingZerosOfTheFractionLikeGo() {
    assertThat(Times.rfc3339(Instant.parse("2026-11-25T05:59:31.260635990Z"))).isEqualTo("2026-11-25T05:59:31.26063599Z");
  }

  @Test
  void rfc3339KeepsAllNineDigitsWhenTheLastIsNotZero() {
    assertThat(Times.rfc3339(Instant.parse("2026-11-25T05:59:31.260635993Z"))).isEqualTo("2026-11-25T05:59:31.260635993Z");
  }

  @Test
  void rfc3339OmitsAWholeZeroFraction() {
    assertThat(Times.rfc3339(Instant.parse("2026-11-25T05:59:31Z"))).isEqualTo("2026-11-25T05:59:31Z");
  }

  @Test
  void rfc3339OfNullIsGosZeroTime() {
    assertThat(Times.rfc3339(null)).isEqualTo("0001-01-01T00:00:00Z").isEqualTo(Times.ZERO);
  }

  @Test
  void parseInstantReadsUnixSeconds() {
    assertThat(Times.parseInstant("1764050371")).isEqualTo(Instant.ofEpochSecond(1764050371));
  }

  @Test
  void parseInstantReadsUnixSecondsWithAFraction() {
    assertThat(Times.parseInstant("1764050371.5")).isEqualTo(Instant.ofEpochSecond(1764050371, 500_000_000));
    assertThat(Times.parseInstant("1764050371.000000001")).isEqualTo(Instant.ofEpochSecond(1764050371, 1));
  }

  @Test
  void parseInstantReadsRfc3339() {
    assertThat(Times.parseInstant("2026-11-25T05:59:31.26Z")).isEqualTo(Instant.parse("2026-11-25T05:59:31.260Z"));
  }

  @Test
  void parseInstantReadsRfc3339WithAnOffset() {
    assertThat(Times.parseInstant("2026-11-25T07:59:31+02:00")).isEqualTo(Instant.parse("2026-11-25T05:59:31Z"));
  }

  @Test
  void parseInstantReadsADateAsUtcMidnight() {
    assertThat(Times.parseInstant("2026-11-25")).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
  }

  @Test
  void parseInstantReadsAGoDurationAsThatLongAgo() {
    Instant before = Instant.now();
    Instant t = Times.parseInstant("10m");
    Instant after = Instant.now();

    assertThat(t).isBetween(before.minus(Duration.ofMinutes(10)), after.minus(Duration.ofMinutes(10)));
  }

  @Test
  void parseInstantReadsACompoundGoDuration() {
    Instant before = Instant.now();
    Instant t = Times.parseInstant("1h30m");
    Instant after = Instant.now();

    assertThat(t).isBetween(before.minus(Duration.ofMinutes(90)), after.minus(Duration.ofMinutes(90)));
  }

  @Test
  void parseInstantRejectsGarbage() {
    assertThatThrownBy(() -> Times.parseInstant("yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid time value: yesterday");
  }

  @Test
  void parseSinceGivesUnixSeconds() {
    assertThat(Times.parseSince("2026-11-25T05:59:31.9Z")).isEqualTo(Instant.parse("2026-11-25T05:59:31Z").getEpochSecond());
  }

  @Test
  void goDurationsSumTheirParts() {
    assertThat(Times.parseGoDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Times.parseGoDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Times.parseGoDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Times.parseGoDuration("2us")).isEqualTo(Duration.ofNanos(2000));
    assertThat(Times.parseGoDuration("7ns")).isEqualTo(Duration.ofNanos(7));
  }

  @Test
  void goDurationsRejectGapsAndUnknownUnits() {
    assertThatThrownBy(() -> Times.parseGoDuration("1h x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Times.parseGoDuration("3d")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Times.parseGoDuration("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void goDurationFractionsAreExactNotRoundedDownByFloatingPoint() {
    assertThat(Times.parseGoDuration("2.01ms")).isEqualTo(Duration.ofNanos(2_010_000));
    assertThat(Times.parseGoDuration("2.01s")).isEqualTo(Duration.ofMillis(2010));
  }

  @Test
  void goDurationTooLongForADurationIsRejected() {
    assertThatThrownBy(() -> Times.parseGoDuration("99999999999999h")).isInstanceOf(IllegalArgumentException.class);
  }
}
