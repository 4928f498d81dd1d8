package dev.berth.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the heredoc openers ({@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}, {@code 3<<EOF}) in a
 * RUN, COPY or ADD line, as BuildKit does: the line is split into shell words with quotes kept, a
 * word of the form {@code [fd]<<[-]name} opens a heredoc, and the name's quoting decides whether
 * the body is expanded. A {@code <<} inside quotes is just text.
 */
final class HeredocWords {
  private static final Pattern OPENER = Pattern.compile("^(\\d*)<<(-?)\\s*([^<]*)$");

  private HeredocWords() {}

  /** A heredoc opener; the body is read later. */
  record Opener(String name, boolean expand, boolean chomp, int fd) {}

  /** The openers on {@code line}, in order. */
  static List<Opener> find(String line) {
    List<Opener> out = new ArrayList<>();
    if (!line.contains("<<")) {
      return out;
    }
    for (String word : rawWords(line)) {
      Opener o = parse(word);
      if (o != null) {
        out.add(o);
      }
    }
    return out;
  }

  /** The opener {@code word} stands for, or null when it is not one. */
  static Opener parse(String word) {
    Matcher m = OPENER.matcher(word);
    if (!m.matches() || m.group(3).isEmpty()) {
      return null;
    }
    String rest = m.group(3);
    List<String> words = new ArrayList<>();
    boolean quoted = unquote(rest, words);
    if (words.size() != 1) {
      return null;
    }
    int fd = m.group(1).isEmpty() ? 0 : parseFd(m.group(1));
    return new Opener(words.get(0), !quoted, m.group(2).equals("-"), fd);
  }

  private static int parseFd(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Shell-unquotes {@code text} into words; returns whether any quote delimited something, which
   * is what makes a heredoc literal.
   */
  private static boolean unquote(String text, List<String> words) {
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    boolean quoted = false;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        quoted = true;
        inWord = true;
        int close = text.indexOf(c, i + 1);
        if (c == '"') {
          int j = i + 1;
          while (j < n && text.charAt(j) != '"') {
            if (text.charAt(j) == '\\' && j + 1 < n && "\"$\\".indexOf(text.charAt(j + 1)) >= 0) {
              j++;
            }
            w.append(text.charAt(j));
            j++;
          }
          i = j;
        } else {
          int end = close < 0 ? n : close;
          w.append(text, i + 1, end);
          i = end;
        }
      } else if (c == '\\') {
        inWord = true;
        if (i + 1 < n) {
          w.append(text.charAt(++i));
        }
      } else if (Character.isWhitespace(c)) {
        if (inWord && w.length() > 0) {
          words.add(w.toString());
        }
        w.setLength(0);
        inWord = false;
      } else {
        inWord = true;
        w.append(c);
      }
    }
    if (w.length() > 0) {
      words.add(w.toString());
    }
    return quoted;
  }

  /** Shell words with quotes, escapes and {@code ${...}} kept as written. */
  private static List<String> rawWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    int n = line.length();
    for (int i = 0; i < n; i++) {
      char c = line.charAt(i);
      if (c == '\'' || c == '"') {
        w.append(c);
        int j = i + 1;
        while (j < n && line.charAt(j) != c) {
          if (c == '"' && line.charAt(j) == '\\' && j + 1 < n) {
            w.append(line.charAt(j++));
          }
          w.append(line.charAt(j++));
        }
        if (j < n) {
          w.append(c);
        }
        i = j;
      } else if (c == '\\' && i + 1 < n) {
        w.append(c).append(line.charAt(++i));
      } else if (c == '$' && i + 1 < n && line.charAt(i + 1) == '{') {
        int close = line.indexOf('}', i);
        int end = close < 0 ? n - 1 : close;
        w.append(line, i, end + 1);
        i = end;
      } else if (c == '<' && i + 1 < n && line.charAt(i + 1) == '<') {
        w.append("<<");
        i += 2;
        while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
          w.append(line.charAt(i++));
        }
        i--;
      } else if (Character.isWhitespace(c)) {
        if (w.length() > 0) {
          words.add(w.toString());
          w.setLength(0);
        }
      } else {
        w.append(c);
      }
    }
    if (w.length() > 0) {
      words.add(w.toString());
    }
    return words;
  }
}
