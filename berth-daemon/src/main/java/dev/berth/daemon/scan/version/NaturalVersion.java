package dev.berth.daemon.scan.version;

/**
 * A fallback order for ecosystems without rules of their own: runs of digits compare as numbers,
 * other runs as text, and a version that is a prefix of another sorts first.
 */
public final class NaturalVersion {
  public static final VersionOrder ORDER = NaturalVersion::compare;

  private NaturalVersion() {}

  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      boolean da = Character.isDigit(a.charAt(i));
      boolean db = Character.isDigit(b.charAt(j));
      int si = i;
      int sj = j;
      while (i < a.length() && Character.isDigit(a.charAt(i)) == da) {
        i++;
      }
      while (j < b.length() && Character.isDigit(b.charAt(j)) == db) {
        j++;
      }
      String x = a.substring(si, i);
      String y = b.substring(sj, j);
      int c;
      if (da && db) {
        x = x.replaceFirst("^0+(?=.)", "");
        y = y.replaceFirst("^0+(?=.)", "");
        c = x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
      } else {
        c = x.compareTo(y);
      }
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
