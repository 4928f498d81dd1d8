package dev.berth.daemon.scan.version;

/**
 * rpm's order: {@code [epoch:]version[-release]}, each part compared by rpmvercmp — alternating
 * numeric and alphabetic segments, separators ignored, a number beating letters, {@code ~} sorting
 * before everything (even the end) and {@code ^} after the end but before anything else.
 */
public final class RpmVersion {
  public static final VersionOrder ORDER = RpmVersion::compare;

  private RpmVersion() {}

  public static int compare(String a, String b) {
    String[] x = split(a.strip());
    String[] y = split(b.strip());
    int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
    if (c != 0) {
      return c;
    }
    c = rpmvercmp(x[1], y[1]);
    if (c != 0 || x[2].isEmpty() || y[2].isEmpty()) {
      return c;
    }
    return rpmvercmp(x[2], y[2]);
  }

  private static String[] split(String v) {
    String epoch = "0";
    int colon = v.indexOf(':');
    if (colon >= 0 && v.substring(0, colon).matches("\\d{1,18}")) {
      epoch = v.substring(0, colon);
      v = v.substring(colon + 1);
    }
    int dash = v.lastIndexOf('-');
    return dash < 0 ? new String[] {epoch, v, ""} : new String[] {epoch, v.substring(0, dash), v.substring(dash + 1)};
  }

  static int rpmvercmp(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      while (i < a.length() && !Character.isLetterOrDigit(a.charAt(i)) && a.charAt(i) != '~' && a.charAt(i) != '^') {
        i++;
      }
      while (j < b.length() && !Character.isLetterOrDigit(b.charAt(j)) && b.charAt(j) != '~' && b.charAt(j) != '^') {
        j++;
      }
      char ca = i < a.length() ? a.charAt(i) : 0;
      char cb = j < b.length() ? b.charAt(j) : 0;
      if (ca == '~' || cb == '~') {
        if (ca != '~') {
          return 1;
        }
        if (cb != '~') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (ca == '^' || cb == '^') {
        if (i >= a.length()) {
          return -1;
        }
        if (j >= b.length()) {
          return 1;
        }
        if (ca != '^') {
          return 1;
        }
        if (cb != '^') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (i >= a.length() || j >= b.length()) {
        break;
      }
      boolean numeric = Character.isDigit(ca);
      int si = i;
      int sj = j;
      while (i < a.length() && (numeric ? Character.isDigit(a.charAt(i)) : Character.isLetter(a.charAt(i)))) {
        i++;
      }
      while (j < b.length() && (numeric ? Character.isDigit(b.charAt(j)) : Character.isLetter(b.charAt(j)))) {
        j++;
      }
      String x = a.substring(si, i);
      String y = b.substring(sj, j);
      if (y.isEmpty()) {
        return numeric ? 1 : -1;
      }
      if (numeric) {
        x = x.replaceFirst("^0+", "");
        y = y.replaceFirst("^0+", "");
        if (x.length() != y.length()) {
          return Integer.compare(x.length(), y.length());
        }
      }
      int c = x.compareTo(y);
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    if (i >= a.length() && j >= b.length()) {
      return 0;
    }
    return i >= a.length() ? -1 : 1;
  }
}
