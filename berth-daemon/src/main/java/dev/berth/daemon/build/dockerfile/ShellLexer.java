package dev.berth.daemon.build.dockerfile;

import dev.berth.daemon.util.Messages;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's builder-side variable substitution and word splitting (BuildKit's shell lexer), which
 * the engine runs at build time on the instructions Docker expands (ENV, ARG, LABEL, WORKDIR,
 * USER, EXPOSE, VOLUME, COPY, ADD, STOPSIGNAL, FROM; never RUN, CMD or ENTRYPOINT, whose shell
 * does it). It supports {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code
 * ${VAR-default}}, {@code ${VAR:+alt}}, {@code ${VAR+alt}}, {@code ${VAR:?message}}, {@code
 * ${VAR?message}}, {@code ${VAR#pat}}, {@code ${VAR%pat}} (and the greedy {@code ##}/{@code %%}),
 * {@code ${VAR/pat/repl}} and {@code ${VAR//pat/repl}}; quotes are removed (single quotes keep
 * everything literal, double quotes still expand) and the escape character escapes.
 *
 * <p>An instance is immutable and may be shared; each call keeps its state on the stack.
 */
public final class ShellLexer {
  private static final int EOF = -1;

  private final char escape;
  private final boolean processQuotes;

  /** A lexer for a Dockerfile whose escape character is {@code escape}. */
  public ShellLexer(char escape) {
    this(escape, true);
  }

  private ShellLexer(char escape, boolean processQuotes) {
    this.escape = escape;
    this.processQuotes = processQuotes;
  }

  /**
   * The lexer for heredoc bodies that are expanded (COPY and ADD with an unquoted terminator):
   * quotes are ordinary text there, only {@code $} and backslash escapes are processed.
   */
  public static ShellLexer forHeredocBodies() {
    return new ShellLexer('\\', false);
  }

  /**
   * The result of an expansion.
   *
   * @param value the expanded text as one word (quotes removed, inner spaces kept)
   * @param words the expanded text split into words on unquoted whitespace
   * @param used the variables that were looked up and set
   * @param unset the variables that were looked up and not set
   */
  public record Expansion(String value, List<String> words, Set<String> used, Set<String> unset) {}

  /** Expands {@code word} as one word (BuildKit's ProcessWord). */
  public String expand(String word, Map<String, String> env) {
    return process(word, env).value();
  }

  /** Expands {@code text} and splits it into words (BuildKit's ProcessWords): EXPOSE, and so on. */
  public List<String> words(String text, Map<String, String> env) {
    return process(text, env).words();
  }

  /**
   * Expands {@code word} and reports which variables it used, so a cache key can include exactly
   * the build args a step depends on. Throws {@link IllegalArgumentException} with Docker's
   * message ({@code failed to process "${X:?}": X: is not allowed to be unset}).
   */
  public Expansion process(String word, Map<String, String> env) {
    Run run = new Run(word, env);
    try {
      Words words = new Words();
      String value = run.until(EOF, false, words);
      return new Expansion(value, words.finish(), run.used, run.unset);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          Messages.oneLine("failed to process \"" + word + "\": " + e.getMessage()), e);
    }
  }

  /** Word-splitting state: BuildKit splits only on unquoted, unescaped whitespace. */
  private static final class Words {
    private final List<String> done = new ArrayList<>();
    private final StringBuilder buf = new StringBuilder();
    private boolean inWord;

    void add(int ch) {
      if (Character.isWhitespace(ch)) {
        if (inWord && buf.length() > 0) {
          done.add(buf.toString());
          buf.setLength(0);
          inWord = false;
        }
      } else {
        addRaw(ch);
      }
    }

    void addRaw(int ch) {
      buf.appendCodePoint(ch);
      inWord = true;
    }

    void addAll(String s) {
      s.codePoints().forEach(this::add);
    }

    void addAllRaw(String s) {
      buf.append(s);
      inWord = true;
    }

    List<String> finish() {
      if (buf.length() > 0) {
        done.add(buf.toString());
        buf.setLength(0);
      }
      return List.copyOf(done);
    }
  }

  /** One expansion: the input, a cursor and what was looked up. */
  private final class Run {
    private final int[] s;
    private int pos;
    private final Map<String, String> env;
    final Set<String> used = new LinkedHashSet<>();
    final Set<String> unset = new LinkedHashSet<>();

    Run(String text, Map<String, String> env) {
      this.s = text.codePoints().toArray();
      this.env = env;
    }

    int peek() {
      return pos < s.length ? s[pos] : EOF;
    }

    int next() {
      return pos < s.length ? s[pos++] : EOF;
    }

    String lookup(String name) {
      String v = env.get(name);
      if (v == null) {
        unset.add(name);
      } else {
        used.add(name);
      }
      return v;
    }

    /** Processes up to {@code stop} (consumed) or the end; {@code words} may be null. */
    String until(int stop, boolean rawEscapes, Words words) {
      StringBuilder out = new StringBuilder();
      Words w = words == null ? new Words() : words;
      while (peek() != EOF) {
        int ch = peek();
        if (stop != EOF && ch == stop) {
          next();
          return out.toString();
        }
        if (ch == '$') {
          String v = dollar();
          out.append(v);
          w.addAll(v);
        } else if (ch == '<') {
          String v = possibleHeredoc();
          out.append(v);
          w.addAllRaw(v);
        } else if (processQuotes && ch == '\'') {
          String v = singleQuoted();
          out.append(v);
          w.addAllRaw(v);
        } else if (processQuotes && ch == '"') {
          String v = doubleQuoted();
          out.append(v);
          w.addAllRaw(v);
        } else {
          ch = next();
          if (ch == escape) {
            if (rawEscapes) {
              w.addRaw(ch);
              out.appendCodePoint(ch);
            }
            ch = next();
            if (ch == EOF) {
              break;
            }
            w.addRaw(ch);
          } else {
            w.add(ch);
          }
          out.appendCodePoint(ch);
        }
      }
      if (stop != EOF) {
        throw new IllegalArgumentException(
            "unexpected end of statement while looking for matching " + Character.toString(stop));
      }
      return out.toString();
    }

    private String possibleHeredoc() {
      next();
      if (peek() != '<') {
        return "<";
      }
      next();
      StringBuilder sb = new StringBuilder("<<");
      while (peek() == ' ' || peek() == '\t') {
        sb.appendCodePoint(next());
      }
      return sb.toString();
    }

    private String singleQuoted() {
      next();
      StringBuilder sb = new StringBuilder();
      while (true) {
        int ch = next();
        if (ch == EOF) {
          throw new IllegalArgumentException(
              "unexpected end of statement while looking for matching single-quote");
        }
        if (ch == '\'') {
          return sb.toString();
        }
        sb.appendCodePoint(ch);
      }
    }

    private String doubleQuoted() {
      next();
      StringBuilder sb = new StringBuilder();
      while (true) {
        int ch = peek();
        if (ch == EOF) {
          throw new IllegalArgumentException(
              "unexpected end of statement while looking for matching double-quote");
        }
        if (ch == '"') {
          next();
          return sb.toString();
        }
        if (ch == '$') {
          sb.append(dollar());
          continue;
        }
        ch = next();
        if (ch == escape) {
          int after = peek();
          if (after == EOF) {
            continue;
          }
          if (after == '"' || after == '$' || after == escape) {
            ch = next();
          }
        }
        sb.appendCodePoint(ch);
      }
    }

    private String dollar() {
      next();
      if (peek() != '{') {
        String name = name();
        if (name.isEmpty()) {
          return "$";
        }
        String v = lookup(name);
        return v == null ? "" : v;
      }
      next();
      int first = peek();
      if (first == EOF) {
        throw new IllegalArgumentException("syntax error: missing '}'");
      }
      if (first == '{' || first == '}' || first == ':') {
        throw new IllegalArgumentException("syntax error: bad substitution");
      }
      String name = name();
      int ch = next();
      if (ch == EOF) {
        throw new IllegalArgumentException("syntax error: missing '}'");
      }
      if (ch == '}') {
        String v = lookup(name);
        return v == null ? "" : v;
      }
      if (ch == '/') {
        return substitute(name);
      }
      String modifier = Character.toString(ch);
      boolean nullIsUnset = false;
      if (ch == ':') {
        nullIsUnset = true;
        ch = next();
        modifier += ch == EOF ? "" : Character.toString(ch);
      } else if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%') {
        throw unsupported(modifier);
      }
      boolean patternOp = ch == '#' || ch == '%';
      if (nullIsUnset && patternOp) {
        throw unsupported(modifier);
      }
      String word = closing(patternOp);
      String value = lookup(name);
      boolean empty = value == null || (nullIsUnset && value.isEmpty());
      return switch (ch) {
        case '-' -> empty ? word : value;
        case '+' -> empty ? "" : word;
        case '?' -> {
          if (value == null) {
            throw new IllegalArgumentException(
                name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
          }
          if (empty) {
            throw new IllegalArgumentException(
                name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
          }
          yield value;
        }
        case '#', '%' -> {
          boolean greedy = !word.isEmpty() && word.codePointAt(0) == ch;
          String pattern = greedy ? word.substring(1) : word;
          String v = value == null ? "" : value;
          yield ch == '#' ? ShellPattern.trimPrefix(v, pattern, greedy)
              : ShellPattern.trimSuffix(v, pattern, greedy);
        }
        default -> throw unsupported(modifier);
      };
    }

    /** The rest of a {@code ${...}} up to its closing brace. */
    private String closing(boolean rawEscapes) {
      try {
        return until('}', rawEscapes, null);
      } catch (IllegalArgumentException e) {
        if (peek() == EOF) {
          throw new IllegalArgumentException("syntax error: missing '}'");
        }
        throw e;
      }
    }

    private String substitute(String name) {
      boolean all = peek() == '/';
      if (all) {
        next();
      }
      String pattern;
      try {
        pattern = until('/', true, null);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("syntax error: missing '/' in ${}");
      }
      String replacement = closing(true);
      String value = lookup(name);
      String v = value == null ? "" : value;
      Matcher m = ShellPattern.toRegex(pattern, true, false).matcher(v);
      String repl = Matcher.quoteReplacement(replacement);
      return all ? m.replaceAll(repl) : m.replaceFirst(repl);
    }

    private String name() {
      StringBuilder sb = new StringBuilder();
      int ch = peek();
      if (ch != EOF && Character.isDigit(ch)) {
        while (peek() != EOF && Character.isDigit(peek())) {
          sb.appendCodePoint(next());
        }
        return sb.toString();
      }
      if ("@*#?-$!0".indexOf(ch) >= 0 && ch != EOF) {
        return Character.toString(next());
      }
      while (peek() != EOF && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
        sb.appendCodePoint(next());
      }
      return sb.toString();
    }
  }

  private static IllegalArgumentException unsupported(String modifier) {
    return new IllegalArgumentException("unsupported modifier (" + modifier + ") in substitution");
  }

  /** Shell wildcard patterns of {@code ${VAR#pat}} and friends: {@code *}, {@code ?}, escapes. */
  static final class ShellPattern {
    private ShellPattern() {}

    static Pattern toRegex(String pattern, boolean greedy, boolean anchored) {
      StringBuilder out = new StringBuilder(anchored ? "^" : "");
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        switch (c) {
          case '*' -> out.append(greedy ? ".*" : ".*?");
          case '?' -> out.append('.');
          case '\\' -> {
            if (i + 1 < pattern.length()
                && (pattern.charAt(i + 1) == '}' || pattern.charAt(i + 1) == '/')) {
              continue;
            }
            if (i + 1 >= pattern.length() || "*?\\".indexOf(pattern.charAt(i + 1)) < 0) {
              throw new IllegalArgumentException(
                  "invalid pattern (" + pattern + ") in substitution: invalid escape");
            }
            out.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
          }
          default -> out.append(Pattern.quote(String.valueOf(c)));
        }
      }
      return Pattern.compile(out.toString(), Pattern.DOTALL);
    }

    static String trimPrefix(String value, String pattern, boolean longest) {
      Pattern p = toRegex(pattern, true, false);
      if (longest) {
        for (int end = value.length(); end >= 0; end--) {
          if (p.matcher(value.substring(0, end)).matches()) {
            return value.substring(end);
          }
        }
      } else {
        for (int end = 0; end <= value.length(); end++) {
          if (p.matcher(value.substring(0, end)).matches()) {
            return value.substring(end);
          }
        }
      }
      return value;
    }

    static String trimSuffix(String value, String pattern, boolean longest) {
      Pattern p = toRegex(pattern, true, false);
      if (longest) {
        for (int start = 0; start <= value.length(); start++) {
          if (p.matcher(value.substring(start)).matches()) {
            return value.substring(0, start);
          }
        }
      } else {
        for (int start = value.length(); start >= 0; start--) {
          if (p.matcher(value.substring(start)).matches()) {
            return value.substring(0, start);
          }
        }
      }
      return value;
    }
  }
}
