package dev.berth.daemon.build.dockerfile;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean ...?" for a misspelt instruction or flag, with BuildKit's rule: the closest
 * option within an edit distance of 2, written in the case the user wrote. A typo such as
 * {@code FORM} is then a one-glance fix instead of a hunt.
 */
final class Suggest {
  private Suggest() {}

  /** The message with {@code " (did you mean X?)"} appended when an option is close enough. */
  static String withHint(String message, String value, Collection<String> options, boolean caseSensitive) {
    String v = caseSensitive ? value : value.toLowerCase(Locale.ROOT);
    String match = null;
    int best = 3;
    for (String option : options) {
      String o = caseSensitive ? option : option.toLowerCase(Locale.ROOT);
      if (o.equals(v)) {
        return message;
      }
      int d = distance(v, o);
      if (d < best) {
        best = d;
        match = caseSensitive ? o : matchCase(o, value);
      }
    }
    return match == null ? message : message + " (did you mean " + match + "?)";
  }

  private static String matchCase(String option, String original) {
    if (original.equals(original.toLowerCase(Locale.ROOT))) {
      return option.toLowerCase(Locale.ROOT);
    }
    if (original.equals(original.toUpperCase(Locale.ROOT))) {
      return option.toUpperCase(Locale.ROOT);
    }
    return option;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
