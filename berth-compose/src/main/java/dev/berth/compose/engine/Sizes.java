package dev.berth.compose.engine;

import java.util.Locale;

/** Byte sizes as compose files write them: {@code 512m}, {@code 1g}, {@code 100k}, {@code 1024}, {@code 64mb}. */
final class Sizes {
  private Sizes() {}

  static long bytes(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("b") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    long mult = 1;
    char last = t.isEmpty() ? '0' : t.charAt(t.length() - 1);
    switch (last) {
      case 'k' -> mult = 1L << 10;
      case 'm' -> mult = 1L << 20;
      case 'g' -> mult = 1L << 30;
      case 't' -> mult = 1L << 40;
      default -> { }
    }
    if (mult > 1) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      return (long) (Double.parseDouble(t) * mult);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid size: '" + s + "'");
    }
  }
}
