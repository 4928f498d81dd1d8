package dev.berth.daemon.util;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** Time as the Engine API writes and reads it. */
public final class Times {
  /** RFC3339Nano as Go prints it: trailing zeros of the fraction dropped, {@code Z} for UTC. */
  private static final DateTimeFormatter RFC3339_NANO = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
      .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
      .appendLiteral('Z')
      .toFormatter();
  /** Go's zero time, which Docker prints for "never". */
  public static final String ZERO = "0001-01-01T00:00:00Z";

  private Times() {}

  public static String rfc3339(Instant t) {
    if (t == null || t.equals(Instant.EPOCH)) {
      return ZERO;
    }
    return RFC3339_NANO.format(t.atOffset(ZoneOffset.UTC));
  }

  /** Whole seconds, as Docker shows a volume's CreatedAt. */
  public static String rfc3339Seconds(Instant t) {
    return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
        t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
  }

  /**
   * Parses the {@code since}/{@code until} forms Docker accepts: Unix seconds (with an optional
   * fraction), RFC3339 times, or a duration like {@code 10m} or {@code 1h30m} meaning that long ago.
   * Returns Unix seconds.
   */
  public static long parseSince(String text) {
    return parseInstant(text).getEpochSecond();
  }

  public static Instant parseInstant(String text) {
    String t = text.trim();
    if (t.matches("-?[0-9]+(\\.[0-9]+)?")) {
      String[] parts = t.split("\\.");
      long secs = Long.parseLong(parts[0]);
      long nanos = 0;
      if (parts.length > 1) {
        String frac = (parts[1] + "000000000").substring(0, 9);
        nanos = Long.parseLong(frac);
      }
      return Instant.ofEpochSecond(secs, nanos);
    }
    if (t.matches("([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+")) {
      return Instant.now().minus(parseGoDuration(t));
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (RuntimeException e) {
      try {
        return java.time.LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
      } catch (RuntimeException e2) {
        try {
          return java.time.LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e3) {
          throw new IllegalArgumentException("invalid time value: " + text);
        }
      }
    }
  }

  /** Go duration strings: {@code 1h30m}, {@code 500ms}, {@code 10s}. */
  public static Duration parseGoDuration(String text) {
    var m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m|h)").matcher(text);
    // decimal arithmetic: 2.01ms is 2010000ns, where doubles would give 2009999
    java.math.BigDecimal nanos = java.math.BigDecimal.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException("invalid duration: " + text);
      }
      end = m.end();
      long unit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      nanos = nanos.add(new java.math.BigDecimal(m.group(1)).multiply(java.math.BigDecimal.valueOf(unit)));
    }
    if (end != text.length() || end == 0) {
      throw new IllegalArgumentException("invalid duration: " + text);
    }
    try {
      return Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.DOWN).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("invalid duration: " + text);
    }
  }
}
