package dev.berth.compose.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command written as one string ({@code command: sh -c 'echo hi'}) into words the way
 * compose does (POSIX shell quoting: single quotes literal, double quotes with backslash escapes,
 * backslash outside quotes), with no expansion.
 */
public final class ShellWords {
  private ShellWords() {}

  public static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        int end = s.indexOf('\'', i + 1);
        if (end < 0) {
          throw new ComposeException("invalid command line string: unterminated quote in " + s);
        }
        cur.append(s, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < s.length() && s.charAt(j) != '"'; j++) {
          if (s.charAt(j) == '\\' && j + 1 < s.length() && "\"\\$`".indexOf(s.charAt(j + 1)) >= 0) {
            j++;
          }
          cur.append(s.charAt(j));
        }
        if (j >= s.length()) {
          throw new ComposeException("invalid command line string: unterminated quote in " + s);
        }
        i = j;
        inWord = true;
      } else if (c == '\\' && i + 1 < s.length()) {
        cur.append(s.charAt(++i));
        inWord = true;
      } else if (c == ' ' || c == '\t' || c == '\n') {
        if (inWord) {
          out.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
      } else {
        cur.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(cur.toString());
    }
    return out;
  }
}
