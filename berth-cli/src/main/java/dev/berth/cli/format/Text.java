package dev.berth.cli.format;

/** Small text rules docker applies to table cells: ID truncation and "…" ellipsis. */
public final class Text {
  private Text() {}

  /** Drops a {@code sha256:} prefix and keeps 12 characters, as docker's TruncateID. */
  public static String shortId(String id) {
    if (id == null) {
      return "";
    }
    int colon = id.indexOf(':');
    String s = colon >= 0 ? id.substring(colon + 1) : id;
    return s.length() > 12 ? s.substring(0, 12) : s;
  }

  /** Truncates to {@code max} columns, the last being "…", as docker's formatter.Ellipsis. */
  public static String ellipsis(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    if (max <= 1) {
      return "…".substring(0, Math.max(max, 0));
    }
    return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
  }

  /** Go's strconv.Quote, used for the COMMAND column. */
  public static String quote(String s) {
    return GoPrintf.quote(s);
  }
}
