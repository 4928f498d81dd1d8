package dev.berth.cli.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * docker's human-readable units (the go-units package): durations such as "About a minute" and
 * decimal sizes such as "4.26MB", so tables read exactly as docker's.
 */
public final class Human {
  private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

  private Human() {}

  /** go-units HumanDuration. */
  public static String duration(long millis) {
    return dev.berth.api.HumanDuration.of(millis);
  }

  /** "2 minutes ago" for a Unix time in seconds, relative to {@code nowMillis}. */
  public static String ago(long epochSeconds, long nowMillis) {
    return duration(nowMillis - epochSeconds * 1000) + " ago";
  }

  /** go-units HumanSizeWithPrecision: decimal units and Go's {@code %.*g}. */
  public static String size(double bytes, int precision) {
    int i = 0;
    while (bytes >= 1000 && i < DECIMAL.length - 1) {
      bytes /= 1000;
      i++;
    }
    return formatG(bytes, precision) + DECIMAL[i];
  }

  private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

  /** go-units BytesSize: binary units and Go's {@code %.4g} ("1.5MiB"), as docker stats shows memory. */
  public static String bytesSize(double bytes) {
    int i = 0;
    while (bytes >= 1024 && i < BINARY.length - 1) {
      bytes /= 1024;
      i++;
    }
    return formatG(bytes, 4) + BINARY[i];
  }

  /** docker's image and container sizes: three significant digits. */
  public static String size(long bytes) {
    return size((double) bytes, 3);
  }

  /** Go's {@code %.<precision>g}: significant digits, no trailing zeros, exponent form when large. */
  static String formatG(double v, int precision) {
    if (v == 0) {
      return "0";
    }
    BigDecimal bd = new BigDecimal(v).round(new MathContext(precision, RoundingMode.HALF_EVEN));
    int exp = bd.precision() - bd.scale() - 1;
    if (exp < -4 || exp >= precision) {
      BigDecimal mant = bd.movePointLeft(exp).stripTrailingZeros();
      String m = mant.toPlainString();
      return m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    String s = bd.toPlainString();
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "");
      if (s.endsWith(".")) {
        s = s.substring(0, s.length() - 1);
      }
    }
    return s;
  }

  /**
   * docker's RAMInBytes (go-units): a number, an optional space, then an optional unit among
   * b, k, m, g, t, p (binary multiples), optionally followed by "b" or "ib": "512m", "1g", "1.5g",
   * "2 GiB". Refused with go-units' messages: "invalid size: '-5m'", "invalid suffix: 'x'".
   */
  public static long ramInBytes(String text) {
    int sep = -1;
    for (int i = text.length() - 1; i >= 0; i--) {
      if ("0123456789. ".indexOf(text.charAt(i)) >= 0) {
        sep = i;
        break;
      }
    }
    if (sep < 0) {
      throw new IllegalArgumentException("invalid size: '" + text + "'");
    }
    String num = text.charAt(sep) == ' ' ? text.substring(0, sep) : text.substring(0, sep + 1);
    String suffix = text.substring(sep + 1);
    double size;
    try {
      if (!num.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
        throw new NumberFormatException();
      }
      size = Double.parseDouble(num);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("strconv.ParseFloat: parsing \"" + num + "\": invalid syntax");
    }
    if (size < 0) {
      throw new IllegalArgumentException("invalid size: '" + text + "'");
    }
    if (suffix.isEmpty()) {
      return (long) size;
    }
    String sfx = suffix.toLowerCase(java.util.Locale.ROOT);
    IllegalArgumentException bad = new IllegalArgumentException("invalid suffix: '" + sfx + "'");
    if (sfx.length() > 3) {
      throw bad;
    }
    if (sfx.charAt(0) == 'b') {
      if (sfx.length() > 1) {
        throw bad;
      }
      return (long) size;
    }
    long mult = switch (sfx.charAt(0)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      case 't' -> 1L << 40;
      case 'p' -> 1L << 50;
      default -> throw bad;
    };
    if (sfx.length() == 2 && sfx.charAt(1) != 'b' || sfx.length() == 3 && !sfx.substring(1).equals("ib")) {
      throw bad;
    }
    return (long) (size * mult);
  }
}
