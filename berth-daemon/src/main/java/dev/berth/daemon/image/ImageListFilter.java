package dev.berth.daemon.image;

import dev.berth.api.Filters;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.util.Times;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The filters of {@code GET /images/json}, with Docker's meanings: {@code dangling},
 * {@code label}, {@code before}/{@code since} (relative to another image's creation),
 * {@code until} (a time) and {@code reference} (a shell glob against the image's names).
 *
 * <p>A reference filter also narrows the tags shown to those that match, because the docker CLI
 * prints one row per tag: {@code docker images busybox} must not list an image's other names.
 */
final class ImageListFilter {
  static final Set<String> KNOWN = Set.of("dangling", "label", "before", "since", "reference", "until");

  private final Filters filters;
  private final Boolean dangling;
  private final long before;
  private final long since;
  private final List<Pattern> references = new ArrayList<>();

  /** Checks the filters and resolves the images {@code before} and {@code since} name (404 when absent). */
  ImageListFilter(Filters filters, List<String> legacyReferences, ImageService images) throws SQLException {
    filters.requireKnown(KNOWN);
    this.filters = filters;
    this.dangling = dangling(filters.get("dangling"));
    long b = Long.MAX_VALUE;
    for (String ref : filters.get("before")) {
      b = Math.min(b, images.resolve(ref).createdSeconds());
    }
    for (String until : filters.get("until")) {
      try {
        b = Math.min(b, Times.parseSince(until));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid value for 'until' filter: " + e.getMessage());
      }
    }
    this.before = b;
    long s = Long.MIN_VALUE;
    for (String ref : filters.get("since")) {
      s = Math.max(s, images.resolve(ref).createdSeconds());
    }
    this.since = s;
    List<String> patterns = new ArrayList<>(filters.get("reference"));
    if (patterns.isEmpty()) {
      patterns.addAll(legacyReferences);
    }
    for (String p : patterns) {
      references.add(glob(p));
    }
  }

  private static Boolean dangling(List<String> values) {
    Boolean out = null;
    for (String v : values) {
      boolean b = switch (v.toLowerCase(Locale.ROOT)) {
        case "1", "true" -> true;
        case "0", "false" -> false;
        default -> throw ApiException.badRequest("invalid filter 'dangling=" + v + "'");
      };
      out = out == null ? b : out || b;
    }
    return out;
  }

  /** The tags to show for {@code r}, or null when the filters exclude it. */
  List<String> select(ImageRecord r) {
    if (r.createdSeconds() >= before || r.createdSeconds() <= since) {
      return null;
    }
    if (filters.has("label") && !filters.matchesLabels("label", ImageService.labels(r))) {
      return null;
    }
    List<String> tags = r.tags();
    if (!references.isEmpty()) {
      tags = tags.stream().filter(this::referenceMatches).toList();
      if (tags.isEmpty()) {
        return null;
      }
    }
    if (dangling != null && dangling != tags.isEmpty()) {
      return null;
    }
    return tags;
  }

  /** A tag against the patterns, in the forms Docker tries: familiar and full, with and without the tag. */
  private boolean referenceMatches(String tag) {
    ImageReference ref = ImageReference.parse(tag);
    String full = ref.fullName();
    String fullRepo = full.substring(0, full.lastIndexOf(':'));
    for (Pattern p : references) {
      if (p.matcher(tag).matches() || p.matcher(ref.repository()).matches() || p.matcher(full).matches()
          || p.matcher(fullRepo).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Go's path.Match as a regex: {@code *} and {@code ?} stop at {@code /}, classes and escapes as written. */
  static Pattern glob(String pattern) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '\\' -> {
          if (i + 1 < pattern.length()) {
            re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
          }
        }
        case '[' -> {
          int end = pattern.indexOf(']', i + 1);
          if (end < 0) {
            throw ApiException.badRequest("syntax error in pattern: " + pattern);
          }
          String body = pattern.substring(i + 1, end);
          if (body.startsWith("^")) {
            body = "^" + body.substring(1).replace("[", "\\[");
          } else {
            body = body.replace("[", "\\[");
          }
          re.append('[').append(body).append(']');
          i = end;
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
