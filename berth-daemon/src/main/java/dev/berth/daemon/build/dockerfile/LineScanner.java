package dev.berth.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Dockerfile's text into logical lines the way BuildKit's parser does: parser directives
 * are read from the top until the first line that is not one, comment lines and blank lines are
 * dropped, a trailing escape character joins the next line (comment lines and blank lines inside
 * a continuation are dropped too), and heredoc bodies are handed out raw on request. Keeping
 * these rules in one place lets the instruction parser work on whole instructions only.
 */
final class LineScanner {
  private static final Pattern DIRECTIVE =
      Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");

  /** A joined instruction line and the physical lines it spans (1-based). */
  record LogicalLine(String text, int startLine, int endLine) {}

  private final List<String> physical;
  private int next;
  private boolean directivesDone;
  private final List<String> seenDirectives = new ArrayList<>();
  private Optional<String> syntax = Optional.empty();
  private Optional<String> check = Optional.empty();
  private char escape = '\\';

  LineScanner(String text) {
    this.physical = splitKeepingEndings(text.startsWith("\uFEFF") ? text.substring(1) : text);
  }

  /** The directives seen so far; complete once the first logical line has been read. */
  Directives directives() {
    return new Directives(syntax, escape, check);
  }

  char escape() {
    return escape;
  }

  /** The number of the last physical line consumed. */
  int lineNumber() {
    return next;
  }

  /** The next instruction line, or null at the end of the file. */
  LogicalLine nextLine() {
    while (next < physical.size()) {
      String raw = physical.get(next++);
      String line = stripLeading(trimNewline(raw));
      readDirective(line);
      if (isComment(line)) {
        continue;
      }
      int start = next;
      String content = continuation(line);
      if (content == null && line.isEmpty()) {
        continue;
      }
      StringBuilder joined = new StringBuilder(content == null ? line : content);
      boolean ended = content == null;
      while (!ended && next < physical.size()) {
        String rawNext = trimNewline(physical.get(next++));
        if (isComment(rawNext) || rawNext.isBlank()) {
          continue;
        }
        String part = continuation(rawNext);
        ended = part == null;
        joined.append(ended ? rawNext : part);
      }
      return new LogicalLine(joined.toString(), start, next);
    }
    return null;
  }

  /**
   * Reads a heredoc body up to its terminator line. The body keeps its line endings; with
   * {@code chomp} the terminator may be indented with tabs. Returns null when the file ends
   * first.
   */
  String readHeredoc(String terminator, boolean chomp) {
    StringBuilder body = new StringBuilder();
    while (next < physical.size()) {
      String raw = physical.get(next++);
      String candidate = trimNewline(raw);
      if (chomp) {
        int i = 0;
        while (i < candidate.length() && candidate.charAt(i) == '\t') {
          i++;
        }
        candidate = candidate.substring(i);
      }
      if (candidate.equals(terminator)) {
        return body.toString();
      }
      body.append(raw);
    }
    return null;
  }

  /**
   * The line without its continuation character (and the blanks after it) when it continues on
   * the next line, else null. An escaped escape character ({@code \\}) at the end does not
   * continue, as in BuildKit.
   */
  private String continuation(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
      end--;
    }
    if (end == 0 || line.charAt(end - 1) != escape) {
      return null;
    }
    if (end >= 2 && line.charAt(end - 2) == escape) {
      return null;
    }
    return line.substring(0, end - 1);
  }

  private void readDirective(String line) {
    if (directivesDone) {
      return;
    }
    if (!line.startsWith("#")) {
      directivesDone = true;
      return;
    }
    Matcher m = DIRECTIVE.matcher(stripLeading(line.substring(1)));
    if (!m.matches()) {
      directivesDone = true;
      return;
    }
    String key = m.group(1).toLowerCase(Locale.ROOT);
    String value = m.group(2);
    if (!key.equals("syntax") && !key.equals("escape") && !key.equals("check")) {
      directivesDone = true;
      return;
    }
    if (seenDirectives.contains(key)) {
      throw new DockerfileException(next, "only one " + key + " parser directive can be used");
    }
    seenDirectives.add(key);
    switch (key) {
      case "syntax" -> syntax = Optional.of(value);
      case "check" -> check = Optional.of(value);
      default -> {
        if (!value.equals("`") && !value.equals("\\")) {
          throw new DockerfileException(
              next, "invalid escape token '" + value + "' does not match ` or \\");
        }
        escape = value.charAt(0);
      }
    }
  }

  static boolean isComment(String line) {
    String s = stripLeading(line);
    return !s.isEmpty() && s.charAt(0) == '#';
  }

  static String stripLeading(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  private static String trimNewline(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }

  private static List<String> splitKeepingEndings(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }
}
