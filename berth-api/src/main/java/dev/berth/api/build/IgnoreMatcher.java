package dev.berth.api.build;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decides which files of a build context a {@code .dockerignore} leaves out. The CLI applies it
 * before it sends the context and the daemon applies it again on what it receives, so both must
 * give Docker's answers: patterns are tried in order, the last one that matches a path or any of
 * its parent directories wins, and {@code !} lines re-include. A directory that is excluded hides
 * everything below it unless a later exception re-includes something there.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class IgnoreMatcher {
  private static final IgnoreMatcher NONE = new IgnoreMatcher(List.of());

  private final List<IgnorePattern> patterns;
  private final boolean hasExceptions;

  private IgnoreMatcher(List<IgnorePattern> patterns) {
    this.patterns = List.copyOf(patterns);
    boolean exceptions = false;
    for (IgnorePattern p : patterns) {
      exceptions |= p.exclusion();
    }
    this.hasExceptions = exceptions;
  }

  /** A matcher that excludes nothing: a context without a {@code .dockerignore}. */
  public static IgnoreMatcher none() {
    return NONE;
  }

  /**
   * Compiles patterns as they come from {@link #readPatterns} or the API; blank entries are
   * skipped. Throws {@link IllegalArgumentException} with a one-line message for a bad pattern.
   */
  public static IgnoreMatcher of(List<String> patterns) {
    List<IgnorePattern> compiled = new ArrayList<>();
    for (String p : patterns) {
      if (!p.isBlank()) {
        compiled.add(IgnorePattern.compile(p));
      }
    }
    return compiled.isEmpty() ? NONE : new IgnoreMatcher(compiled);
  }

  /** Reads and compiles the text of a {@code .dockerignore} file. */
  public static IgnoreMatcher parse(String dockerignore) {
    return of(readPatterns(dockerignore));
  }

  /**
   * The patterns of a {@code .dockerignore} file as Docker reads them: a UTF-8 byte-order mark is
   * dropped, lines that start with {@code #} (in the first column) are comments, blank lines are
   * skipped, each line is trimmed, and the pattern after an optional {@code !} is cleaned and loses
   * a leading {@code /}.
   */
  public static List<String> readPatterns(String dockerignore) {
    String text = dockerignore.startsWith("\uFEFF") ? dockerignore.substring(1) : dockerignore;
    List<String> out = new ArrayList<>();
    for (String line : text.split("\r?\n", -1)) {
      if (line.startsWith("#")) {
        continue;
      }
      String pattern = line.strip();
      if (pattern.isEmpty()) {
        continue;
      }
      boolean invert = pattern.charAt(0) == '!';
      if (invert) {
        pattern = pattern.substring(1).strip();
      }
      if (!pattern.isEmpty()) {
        pattern = ContextPath.clean(pattern);
        if (pattern.length() > 1 && pattern.charAt(0) == '/') {
          pattern = pattern.substring(1);
        }
      }
      out.add(invert ? "!" + pattern : pattern);
    }
    return out;
  }

  /**
   * Whether the file or directory at {@code path} (relative to the context root; {@code ./} and a
   * leading {@code /} are accepted and the path is cleaned) is left out of the context. The
   * context root itself is never excluded.
   */
  public boolean isExcluded(String path) {
    String p = ContextPath.relative(path);
    if (p.equals(".") || patterns.isEmpty()) {
      return false;
    }
    boolean excluded = false;
    for (IgnorePattern pattern : patterns) {
      // An exclusion can only change an excluded path and an inclusion only an included one.
      if (pattern.exclusion() != excluded) {
        continue;
      }
      if (matchesSelfOrParent(pattern, p)) {
        excluded = !pattern.exclusion();
      }
    }
    return excluded;
  }

  private static boolean matchesSelfOrParent(IgnorePattern pattern, String path) {
    if (pattern.matches(path)) {
      return true;
    }
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      if (pattern.matches(path.substring(0, slash))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a walker may skip the whole directory {@code dir} without looking inside: it is
   * excluded and no exception could re-include anything below it. When this is false for an
   * excluded directory the walker must descend, send the re-included entries, and leave out the
   * directory's own entry (as Docker does; the extractor creates the parents).
   */
  public boolean canSkipDirectory(String dir) {
    if (!isExcluded(dir)) {
      return false;
    }
    if (!hasExceptions) {
      return true;
    }
    String d = ContextPath.relative(dir);
    for (IgnorePattern pattern : patterns) {
      if (pattern.exclusion() && pattern.couldMatchWithin(d)) {
        return false;
      }
    }
    return true;
  }

  /**
   * This matcher with the build's own files kept, as the docker CLI does before sending a
   * context: the daemon needs the Dockerfile and {@code .dockerignore} even when the file lists
   * them. {@code dockerfile} is the Dockerfile's path relative to the context root, or null when
   * it does not come from the context (read from stdin or from outside the context).
   */
  public IgnoreMatcher keepingBuildFiles(String dockerfile) {
    List<IgnorePattern> extended = new ArrayList<>(patterns);
    if (isExcluded(".dockerignore")) {
      extended.add(IgnorePattern.compile("!.dockerignore"));
    }
    if (dockerfile != null) {
      String df = ContextPath.relative(dockerfile);
      if (!df.equals(".") && !df.startsWith("../") && isExcluded(df)) {
        extended.add(IgnorePattern.reinclude(df));
      }
    }
    return extended.size() == patterns.size() ? this : new IgnoreMatcher(extended);
  }

  /** Whether there are no patterns at all, so a caller can skip matching entirely. */
  public boolean isEmpty() {
    return patterns.isEmpty();
  }

  /** Whether any {@code !} exception is present. */
  public boolean hasExceptions() {
    return hasExceptions;
  }

  /** The compiled patterns in order, as text ({@code !} kept), e.g. for logging. */
  public List<String> patterns() {
    List<String> out = new ArrayList<>(patterns.size());
    for (IgnorePattern p : patterns) {
      out.add(p.toString());
    }
    return Collections.unmodifiableList(out);
  }
}
