package dev.berth.api.build;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Lexical cleaning of slash-separated paths inside a build context, as Go's {@code
 * filepath.Clean} does it. Docker cleans both the {@code .dockerignore} patterns and the paths it
 * tests against them, so {@code ./a//b/../c/} and {@code a/c} must be the same name before any
 * matching happens; doing it with the same rules keeps Berth's answers identical to Docker's.
 */
public final class ContextPath {
  private ContextPath() {}

  /**
   * Go's {@code filepath.Clean}: collapses repeated slashes, drops {@code .} elements, resolves
   * {@code ..} against the element before it (never above the root of a rooted path), removes a
   * trailing slash, and returns {@code "."} for an empty result.
   */
  public static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.charAt(0) == '/';
    Deque<String> out = new ArrayDeque<>();
    int leadingDotDots = 0;
    for (String element : path.split("/", -1)) {
      if (element.isEmpty() || element.equals(".")) {
        continue;
      }
      if (element.equals("..")) {
        if (!out.isEmpty()) {
          out.removeLast();
        } else if (!rooted) {
          leadingDotDots++;
        }
        continue;
      }
      out.addLast(element);
    }
    StringBuilder sb = new StringBuilder();
    if (rooted) {
      sb.append('/');
    }
    for (int i = 0; i < leadingDotDots; i++) {
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') {
        sb.append('/');
      }
      sb.append("..");
    }
    for (String element : out) {
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') {
        sb.append('/');
      }
      sb.append(element);
    }
    return sb.length() == 0 ? "." : sb.toString();
  }

  /**
   * The form a path inside the context is matched in: cleaned, with a leading {@code /} removed,
   * so that {@code /src/a}, {@code ./src/a} and {@code src/a} all name the same file. The context
   * root itself is {@code "."}.
   */
  public static String relative(String path) {
    String cleaned = clean(path);
    while (cleaned.startsWith("/")) {
      cleaned = cleaned.length() == 1 ? "." : cleaned.substring(1);
    }
    return cleaned;
  }
}
