package dev.berth.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The parse-time word rules of a Dockerfile line, before any variable is expanded: splitting off
 * the keyword, taking the leading {@code --flags}, and splitting arguments into words with their
 * quotes kept. BuildKit keeps quotes at this stage because expansion, which runs later with the
 * build's variables, is what removes them; doing the same keeps {@code ENV a="x y"} and
 * {@code LABEL "k"="v"} meaning what they mean in Docker.
 */
final class LineWords {
  private LineWords() {}

  /** A line split into keyword, flags (as written, {@code --} included) and the rest. */
  record Split(String keyword, List<String> flags, String rest) {}

  static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** Splits {@code line} into the keyword, the leading flags and the trimmed remainder. */
  static Split splitCommand(String line, char escape) {
    String trimmed = line.strip();
    int i = 0;
    while (i < trimmed.length() && !isBlank(trimmed.charAt(i))) {
      i++;
    }
    String keyword = trimmed.substring(0, i);
    while (i < trimmed.length() && isBlank(trimmed.charAt(i))) {
      i++;
    }
    if (i >= trimmed.length()) {
      return new Split(keyword, List.of(), "");
    }
    List<String> flags = new ArrayList<>();
    String rest = extractFlags(trimmed.substring(i), escape, flags);
    return new Split(keyword, List.copyOf(flags), rest.strip());
  }

  /**
   * Takes words that start with {@code --} off the front of {@code args} into {@code flags}
   * (quotes and escapes inside a flag are resolved, as BuildKit does) and returns what follows.
   * A bare {@code --} ends the flags.
   */
  private static String extractFlags(String args, char escape, List<String> flags) {
    int pos = 0;
    int n = args.length();
    while (true) {
      while (pos < n && Character.isWhitespace(args.charAt(pos))) {
        pos++;
      }
      if (pos >= n) {
        return "";
      }
      if (!(args.startsWith("--", pos))) {
        return args.substring(pos);
      }
      StringBuilder word = new StringBuilder();
      char quote = 0;
      boolean blankOk = false;
      while (pos < n) {
        char ch = args.charAt(pos);
        if (quote == 0 && Character.isWhitespace(ch)) {
          break;
        }
        if (quote == 0 && (ch == '\'' || ch == '"')) {
          quote = ch;
          blankOk = true;
          pos++;
          continue;
        }
        if (quote != 0 && ch == quote) {
          quote = 0;
          pos++;
          continue;
        }
        if (ch == escape) {
          if (pos + 1 == n) {
            pos++;
            continue;
          }
          pos++;
          ch = args.charAt(pos);
        }
        word.append(ch);
        pos++;
      }
      String w = word.toString();
      if (w.equals("--")) {
        return args.substring(pos);
      }
      if (blankOk || !w.isEmpty()) {
        flags.add(w);
      }
    }
  }

  /**
   * Splits on whitespace outside quotes, keeping quotes and escapes in the words (BuildKit's
   * parseWords). A word that is only {@code ""} is kept as such.
   */
  static List<String> quotedWords(String rest, char escape) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean blankOk = false;
    char quote = 0;
    int n = rest.length();
    for (int pos = 0; pos < n; pos++) {
      char ch = rest.charAt(pos);
      if (quote == 0) {
        if (Character.isWhitespace(ch)) {
          if (inWord && (blankOk || word.length() > 0)) {
            words.add(word.toString());
          }
          word.setLength(0);
          inWord = false;
          blankOk = false;
          continue;
        }
        inWord = true;
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blankOk = true;
        } else if (ch == escape) {
          if (pos + 1 == n) {
            continue;
          }
          word.append(ch);
          ch = rest.charAt(++pos);
        }
        word.append(ch);
      } else {
        if (ch == quote) {
          quote = 0;
        } else if (ch == escape && quote != '\'') {
          if (pos + 1 == n) {
            continue;
          }
          word.append(ch);
          ch = rest.charAt(++pos);
        }
        word.append(ch);
      }
    }
    if (inWord && (blankOk || word.length() > 0)) {
      words.add(word.toString());
    }
    return words;
  }

  /** Splits on runs of blanks with no regard for quotes (EXPOSE, FROM, the non-JSON VOLUME). */
  static List<String> blankSeparated(String rest) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = rest.length();
    while (i < n) {
      while (i < n && isBlank(rest.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isBlank(rest.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(rest.substring(start, i));
      }
    }
    return out;
  }
}
