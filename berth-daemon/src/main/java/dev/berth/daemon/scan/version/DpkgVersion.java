package dev.berth.daemon.scan.version;

/**
 * dpkg's version order (deb-version(7)): {@code [epoch:]upstream[-revision]}, compared epoch
 * first as a number, then upstream and revision each by alternating non-digit and digit runs. In
 * the non-digit runs letters sort before non-letters and {@code ~} before everything, even the end
 * of the string, so {@code 1.0~rc1 < 1.0}.
 */
public final class DpkgVersion {
  public static final VersionOrder ORDER = DpkgVersion::compare;

  private DpkgVersion() {}

  public static int compare(String a, String b) {
    String[] x = split(a.strip());
    String[] y = split(b.strip());
    int c = compareNumbers(x[0], y[0]);
    if (c != 0) {
      return c;
    }
    c = compareParts(x[1], y[1]);
    return c != 0 ? c : compareParts(x[2], y[2]);
  }

  /** epoch, upstream, revision ("0" and "" when absent). */
  private static String[] split(String v) {
    String epoch = "0";
    int colon = v.indexOf(':');
    if (colon >= 0) {
      epoch = v.substring(0, colon);
      v = v.substring(colon + 1);
    }
    String revision = "";
    int dash = v.lastIndexOf('-');
    if (dash >= 0) {
      revision = v.substring(dash + 1);
      v = v.substring(0, dash);
    }
    return new String[] {epoch.isEmpty() ? "0" : epoch, v, revision};
  }

  private static int order(int c) {
    if (Character.isDigit(c)) {
      return 0;
    }
    if (Character.isLetter(c)) {
      return c;
    }
    if (c == '~') {
      return -1;
    }
    if (c != 0) {
      return c + 256;
    }
    return 0;
  }

  private static int compareParts(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int firstDiff = 0;
      while ((i < a.length() && !Character.isDigit(a.charAt(i))) || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
        int ac = i < a.length() ? order(a.charAt(i)) : 0;
        int bc = j < b.length() ? order(b.charAt(j)) : 0;
        if (ac != bc) {
          return Integer.compare(ac, bc);
        }
        i++;
        j++;
      }
      while (i < a.length() && a.charAt(i) == '0') {
        i++;
      }
      while (j < b.length() && b.charAt(j) == '0') {
        j++;
      }
      while (i < a.length() && Character.isDigit(a.charAt(i)) && j < b.length() && Character.isDigit(b.charAt(j))) {
        if (firstDiff == 0) {
          firstDiff = a.charAt(i) - b.charAt(j);
        }
        i++;
        j++;
      }
      if (i < a.length() && Character.isDigit(a.charAt(i))) {
        return 1;
      }
      if (j < b.length() && Character.isDigit(b.charAt(j))) {
        return -1;
      }
      if (firstDiff != 0) {
        return Integer.signum(firstDiff);
      }
    }
    return 0;
  }

  private static int compareNumbers(String a, String b) {
    String x = a.replaceFirst("^0+(?=.)", "");
    String y = b.replaceFirst("^0+(?=.)", "");
    if (x.length() != y.length()) {
      return Integer.compare(x.length(), y.length());
    }
    return Integer.signum(x.compareTo(y));
  }
}
