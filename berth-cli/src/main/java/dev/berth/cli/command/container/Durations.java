package dev.berth.cli.command.container;

/** Go duration strings ("1m30s", "500ms", "10s") as nanoseconds, for healthcheck flags and --since. */
final class Durations {
  private Durations() {}

  static long nanos(String s) {
    if (s.equals("0")) {
      return 0;
    }
    long total = 0;
    int i = 0;
    boolean any = false;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw new IllegalArgumentException("time: invalid duration \"" + s + "\"");
      }
      double n = Double.parseDouble(s.substring(start, i));
      int us = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      long unit = switch (s.substring(us, i)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> throw new IllegalArgumentException("time: missing unit in duration \"" + s + "\"");
      };
      total += (long) (n * unit);
      any = true;
    }
    if (!any) {
      throw new IllegalArgumentException("time: invalid duration \"" + s + "\"");
    }
    return total;
  }
}
