package dev.berth.api;

import java.math.BigDecimal;

/**
 * Go's {@code time.Duration} in text, both ways: the daemon and the CLI read the user's
 * {@code --health-interval 1m30s} or {@code HEALTHCHECK --timeout=500ms} exactly as Docker's Go
 * code does, and the daemon writes durations back the way Go prints them ("Health check exceeded
 * timeout (1.5s)"), so that messages read the same as Docker's.
 */
public final class GoDuration {
  private static final long NS = 1;
  private static final long US = 1_000;
  private static final long MS = 1_000_000;
  private static final long S = 1_000_000_000;
  private static final long M = 60 * S;
  private static final long H = 60 * M;

  private GoDuration() {}

  /**
   * Parses a sequence of decimal numbers with units (ns, us, µs, ms, s, m, h), optionally signed;
   * "0" alone needs no unit. Throws {@link IllegalArgumentException} with Go's message otherwise.
   */
  public static long parseNanos(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw invalid(text);
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("time: missing unit in duration \"" + text + "\"");
      }
      long factor = switch (unit) {
        case "ns" -> NS;
        case "us", "µs", "μs" -> US;
        case "ms" -> MS;
        case "s" -> S;
        case "m" -> M;
        case "h" -> H;
        default -> throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \"" + text
            + "\"");
      };
      total = total.add(new BigDecimal(number.startsWith(".") ? "0" + number : number)
          .multiply(BigDecimal.valueOf(factor)));
    }
    if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw invalid(text);
    }
    long nanos = total.longValue();
    return negative ? -nanos : nanos;
  }

  /** Go's {@code Duration.String()}: "0s", "1.5ms", "30s", "1m30s", "1h0m0s". */
  public static String format(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (nanos < 0) {
      sb.append('-');
      nanos = -nanos;
    }
    if (nanos < S) {
      if (nanos < US) {
        return sb.append(nanos).append("ns").toString();
      }
      if (nanos < MS) {
        return sb.append(fraction(nanos, US)).append("µs").toString();
      }
      return sb.append(fraction(nanos, MS)).append("ms").toString();
    }
    long hours = nanos / H;
    long minutes = nanos % H / M;
    long rest = nanos % M;
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append('m');
    }
    return sb.append(fraction(rest, S)).append('s').toString();
  }

  /** {@code value / unit} with the fraction's trailing zeros dropped. */
  private static String fraction(long value, long unit) {
    return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
  }
}
