package dev.berth.compose.engine;

/** Go durations as compose files write them ({@code 1m30s}, {@code 500ms}, {@code 10s}) in nanoseconds. */
final class Durations {
  private Durations() {}

  static long nanos(String s) {
    if (s == null || s.isEmpty()) {
      return 0;
    }
    long total = 0;
    int i = 0;
    while (i < s.length()) {
      int j = i;
      while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) {
        j++;
      }
      if (j == i) {
        throw new IllegalArgumentException("invalid duration \"" + s + "\"");
      }
      double n = Double.parseDouble(s.substring(i, j));
      int k = j;
      while (k < s.length() && Character.isLetter(s.charAt(k))) {
        k++;
      }
      String unit = s.substring(j, k);
      long mult = switch (unit) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s", "" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> throw new IllegalArgumentException("invalid duration \"" + s + "\"");
      };
      total += (long) (n * mult);
      i = k;
    }
    return total;
  }
}
