package dev.berth.daemon.scan.version;

import java.util.ArrayList;
import java.util.List;

/**
 * apk-tools' version order ({@code version.c}): dot-separated numbers, an optional single letter
 * ({@code 1.2a > 1.2}), suffixes of which {@code _alpha _beta _pre _rc} sort before the bare
 * version and {@code _cvs _svn _git _hg _p} after it, each with an optional number, then the
 * package revision {@code -rN}.
 */
public final class ApkVersion {
  public static final VersionOrder ORDER = ApkVersion::compare;
  private static final List<String> SUFFIXES = List.of("alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p");

  private ApkVersion() {}

  private record Parsed(List<Long> numbers, int letter, List<long[]> suffixes, long revision) {}

  static Parsed parse(String v) {
    long revision = 0;
    int r = v.lastIndexOf("-r");
    if (r >= 0 && v.substring(r + 2).matches("\\d+")) {
      revision = Long.parseLong(v.substring(r + 2));
      v = v.substring(0, r);
    }
    String[] underscore = v.split("_");
    String main = underscore[0];
    int letter = 0;
    if (!main.isEmpty() && Character.isLetter(main.charAt(main.length() - 1))) {
      letter = main.charAt(main.length() - 1);
      main = main.substring(0, main.length() - 1);
    }
    List<Long> numbers = new ArrayList<>();
    for (String n : main.split("\\.")) {
      numbers.add(n.matches("\\d+") ? Long.parseLong(n.length() > 18 ? n.substring(0, 18) : n) : 0L);
    }
    List<long[]> suffixes = new ArrayList<>();
    for (int i = 1; i < underscore.length; i++) {
      String s = underscore[i];
      int d = 0;
      while (d < s.length() && !Character.isDigit(s.charAt(d))) {
        d++;
      }
      int rank = SUFFIXES.indexOf(s.substring(0, d));
      long num = d < s.length() && s.substring(d).matches("\\d+") ? Long.parseLong(s.substring(d)) : 0;
      suffixes.add(new long[] {rank < 0 ? SUFFIXES.indexOf("") : rank, num});
    }
    return new Parsed(numbers, letter, suffixes, revision);
  }

  public static int compare(String a, String b) {
    Parsed x = parse(a.strip());
    Parsed y = parse(b.strip());
    int n = Math.max(x.numbers().size(), y.numbers().size());
    for (int i = 0; i < n; i++) {
      if (i >= x.numbers().size()) {
        return -1;
      }
      if (i >= y.numbers().size()) {
        return 1;
      }
      int c = Long.compare(x.numbers().get(i), y.numbers().get(i));
      if (c != 0) {
        return c;
      }
    }
    if (x.letter() != y.letter()) {
      return Integer.compare(x.letter(), y.letter());
    }
    int bare = SUFFIXES.indexOf("");
    int m = Math.max(x.suffixes().size(), y.suffixes().size());
    for (int i = 0; i < m; i++) {
      long[] sx = i < x.suffixes().size() ? x.suffixes().get(i) : new long[] {bare, 0};
      long[] sy = i < y.suffixes().size() ? y.suffixes().get(i) : new long[] {bare, 0};
      int c = Long.compare(sx[0], sy[0]);
      if (c == 0) {
        c = Long.compare(sx[1], sy[1]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Long.compare(x.revision(), y.revision());
  }
}
