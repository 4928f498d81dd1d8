package dev.berth.daemon.scan.version;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440's order for PyPI: {@code [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]}, with the
 * spellings it normalizes ({@code alpha}, {@code c}, {@code -1} for post). Developmental releases
 * sort before pre-releases, pre-releases before the release, post-releases after it; trailing
 * zeros do not count ({@code 1.0 == 1.0.0}). Versions PEP 440 cannot parse fall back to the
 * natural order.
 */
public final class Pep440Version {
  public static final VersionOrder ORDER = Pep440Version::compare;
  private static final Pattern VERSION = Pattern.compile("v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
      + "(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\\d*))?"
      + "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d*))?"
      + "(?:[-_.]?(dev)[-_.]?(\\d*))?"
      + "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?");

  private Pep440Version() {}

  private record Key(long epoch, long[] release, long preRank, long preNum, long post, long dev, String local) {}

  private static Key key(String v) {
    Matcher m = VERSION.matcher(v.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    long epoch = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    String[] parts = m.group(2).split("\\.");
    long[] release = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      release[i] = Long.parseLong(parts[i].length() > 18 ? parts[i].substring(0, 18) : parts[i]);
    }
    boolean hasPre = m.group(3) != null;
    boolean hasPost = m.group(5) != null || m.group(6) != null;
    boolean hasDev = m.group(8) != null;
    long preRank;
    long preNum = 0;
    if (hasPre) {
      preRank = switch (m.group(3)) { case "a", "alpha" -> 0; case "b", "beta" -> 1; default -> 2; };
      preNum = m.group(4).isEmpty() ? 0 : Long.parseLong(m.group(4));
    } else if (hasDev && !hasPost) {
      preRank = -1; // 1.0.dev1 sorts before 1.0a1
    } else {
      preRank = 3; // the release itself
    }
    long post = !hasPost ? -1 : m.group(5) != null ? Long.parseLong(m.group(5))
        : m.group(7).isEmpty() ? 0 : Long.parseLong(m.group(7));
    long dev = !hasDev ? Long.MAX_VALUE : m.group(9).isEmpty() ? 0 : Long.parseLong(m.group(9));
    return new Key(epoch, release, preRank, preNum, post, dev, m.group(10) == null ? "" : m.group(10));
  }

  public static int compare(String a, String b) {
    Key x = key(a);
    Key y = key(b);
    if (x == null || y == null) {
      return NaturalVersion.compare(a, b);
    }
    int c = Long.compare(x.epoch(), y.epoch());
    for (int i = 0; c == 0 && i < Math.max(x.release().length, y.release().length); i++) {
      c = Long.compare(i < x.release().length ? x.release()[i] : 0, i < y.release().length ? y.release()[i] : 0);
    }
    if (c == 0) {
      c = Long.compare(x.preRank(), y.preRank());
    }
    if (c == 0) {
      c = Long.compare(x.preNum(), y.preNum());
    }
    if (c == 0) {
      c = Long.compare(x.post(), y.post());
    }
    if (c == 0) {
      c = Long.compare(x.dev(), y.dev());
    }
    if (c == 0) {
      c = x.local().isEmpty() == y.local().isEmpty() ? Integer.signum(x.local().compareTo(y.local()))
          : x.local().isEmpty() ? -1 : 1;
    }
    return c;
  }
}
