package dev.berth.daemon.container;

import dev.berth.daemon.server.ApiException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Docker's size strings ("10m", "1.5g", "512k", "100b", plain bytes) in binary units. */
final class Sizes {
  private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(?:i?b)?$");

  private Sizes() {}

  static long parse(String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw ApiException.badRequest("invalid size: '" + text + "'");
    }
    double v = Double.parseDouble(m.group(1));
    int shift = switch (m.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      case "p" -> 50;
      default -> 0;
    };
    return (long) (v * (1L << shift));
  }
}
