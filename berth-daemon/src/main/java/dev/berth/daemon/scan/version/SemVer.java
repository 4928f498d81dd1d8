package dev.berth.daemon.scan.version;

/**
 * Semantic Versioning 2.0's precedence, for npm, Go modules and crates: major.minor.patch as
 * numbers, a pre-release ({@code -rc.1}) before its release, pre-release identifiers numeric
 * before alphanumeric, build metadata ({@code +...}) ignored. A leading {@code v} (Go) is dropped;
 * missing minor or patch count as 0.
 */
public final class SemVer {
  public static final VersionOrder ORDER = SemVer::compare;

  private SemVer() {}

  public static int compare(String a, String b) {
    String x = strip(a);
    String y = strip(b);
    String[] xp = split(x);
    String[] yp = split(y);
    String[] xn = xp[0].split("\\.", -1);
    String[] yn = yp[0].split("\\.", -1);
    for (int i = 0; i < Math.max(3, Math.max(xn.length, yn.length)); i++) {
      int c = numeric(i < xn.length ? xn[i] : "0", i < yn.length ? yn[i] : "0");
      if (c != 0) {
        return c;
      }
    }
    if (xp[1].isEmpty() || yp[1].isEmpty()) {
      return xp[1].isEmpty() == yp[1].isEmpty() ? 0 : xp[1].isEmpty() ? 1 : -1;
    }
    String[] xi = xp[1].split("\\.");
    String[] yi = yp[1].split("\\.");
    for (int i = 0; i < Math.min(xi.length, yi.length); i++) {
      boolean xd = xi[i].matches("\\d+");
      boolean yd = yi[i].matches("\\d+");
      int c = xd && yd ? numeric(xi[i], yi[i]) : xd ? -1 : yd ? 1 : Integer.signum(xi[i].compareTo(yi[i]));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(xi.length, yi.length);
  }

  private static String strip(String v) {
    v = v.strip();
    if (v.startsWith("v") || v.startsWith("=")) {
      v = v.substring(1);
    }
    int plus = v.indexOf('+');
    return plus >= 0 ? v.substring(0, plus) : v;
  }

  /** core, pre-release. */
  private static String[] split(String v) {
    int dash = v.indexOf('-');
    return dash < 0 ? new String[] {v, ""} : new String[] {v.substring(0, dash), v.substring(dash + 1)};
  }

  private static int numeric(String a, String b) {
    String x = a.replaceFirst("^0+(?=.)", "");
    String y = b.replaceFirst("^0+(?=.)", "");
    if (!x.matches("\\d+") || !y.matches("\\d+")) {
      return Integer.signum(x.compareTo(y));
    }
    return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : Integer.signum(x.compareTo(y));
  }
}
