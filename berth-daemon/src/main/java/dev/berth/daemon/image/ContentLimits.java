package dev.berth.daemon.image;

import java.util.Locale;

/**
 * How much a layer may weigh, compressed and unpacked. Registries, tarballs and build contexts
 * are someone else's bytes: without a cap, a blob whose manifest gives no size streams forever
 * and a small gzip of zeros (a decompression bomb) fills the disk. The defaults are far above any
 * real layer; an operator sets others with {@code BERTH_MAX_LAYER_SIZE} (compressed) and
 * {@code BERTH_MAX_LAYER_UNPACKED} (decompressed) in berthd's environment, in bytes or with a
 * K, M, G or T suffix (powers of 1024).
 */
public final class ContentLimits {
  private static final long GIB = 1L << 30;
  private static final long MAX_COMPRESSED = parse(System.getenv("BERTH_MAX_LAYER_SIZE"), 16 * GIB);
  private static final long MAX_UNPACKED = parse(System.getenv("BERTH_MAX_LAYER_UNPACKED"), 64 * GIB);

  private ContentLimits() {}

  /** The most bytes one compressed blob may have, whatever its descriptor says. */
  public static long maxCompressed() {
    return MAX_COMPRESSED;
  }

  /** The most bytes one layer, archive or context may decompress to. */
  public static long maxUnpacked() {
    return MAX_UNPACKED;
  }

  static long parse(String value, long fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String v = value.strip().toUpperCase(Locale.ROOT);
    if (v.endsWith("B")) {
      v = v.substring(0, v.length() - 1);
    }
    long unit = 1;
    char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
    switch (last) {
      case 'K' -> unit = 1L << 10;
      case 'M' -> unit = 1L << 20;
      case 'G' -> unit = 1L << 30;
      case 'T' -> unit = 1L << 40;
      default -> { }
    }
    if (unit > 1) {
      v = v.substring(0, v.length() - 1);
    }
    try {
      long n = Long.parseLong(v.strip());
      return n > 0 ? Math.multiplyExact(n, unit) : fallback;
    } catch (NumberFormatException | ArithmeticException e) {
      return fallback;
    }
  }

  /** A size as people read it: 1.5 GiB, 300 MiB, 12 KiB, 17 bytes. */
  public static String human(long bytes) {
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    double v = bytes;
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[i];
  }
}
