package dev.berth.api.build;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One compiled {@code .dockerignore} line. It follows moby's patternmatcher, which is what both the
 * docker CLI and the daemon use: {@code *} and {@code ?} never cross a {@code /}, {@code **} spans
 * any number of directories (a leading {@code **}/ also matches none, a trailing /{@code **}
 * matches everything below), {@code \} escapes the next character and {@code [...]} is a character
 * class. Patterns made only of literal text with at most a leading or trailing {@code **} are
 * compared as plain strings exactly as moby does, quirks included ({@code **foo} matches
 * {@code barfoo}), so a context filters the same way under Berth as under Docker.
 *
 * <p>Matching walks a set of reachable positions through the pattern's tokens instead of using
 * {@link java.util.regex}: linear in the pattern, no catastrophic backtracking on hostile
 * patterns, and nothing extra to load on the CLI's start-up path.
 */
final class IgnorePattern {
  private enum Kind {
    EXACT,
    PREFIX,
    SUFFIX,
    GLOB
  }

  private enum Op {
    LITERAL,
    STAR,
    ONE,
    CLASS,
    DEEP,
    ANY
  }

  /** A pattern step; {@code value} is the code point of a literal, {@code ranges} a class. */
  private record Token(Op op, int value, int[] ranges, boolean negated) {
    static Token of(Op op) {
      return new Token(op, 0, null, false);
    }

    boolean acceptsOne(int ch) {
      return switch (op) {
        case LITERAL -> ch == value;
        case ONE -> ch != '/';
        case CLASS -> inClass(ch) != negated;
        default -> false;
      };
    }

    private boolean inClass(int ch) {
      for (int i = 0; i < ranges.length; i += 2) {
        if (ch >= ranges[i] && ch <= ranges[i + 1]) {
          return true;
        }
      }
      return false;
    }
  }

  private final String text;
  private final boolean exclusion;
  private final Kind kind;
  private final Token[] tokens;

  private IgnorePattern(String text, boolean exclusion, Kind kind, Token[] tokens) {
    this.text = text;
    this.exclusion = exclusion;
    this.kind = kind;
    this.tokens = tokens;
  }

  /**
   * Compiles one pattern: an optional leading {@code !}, then the pattern, which is cleaned and
   * stripped of a leading {@code /} here (as the ignore-file reader does) so that callers holding
   * patterns from elsewhere, such as the API, get the same answers. Throws {@link IllegalArgumentException} for {@code !} alone or
   * a malformed character class.
   */
  static IgnorePattern compile(String raw) {
    String p = raw.strip();
    boolean exclusion = false;
    if (p.startsWith("!")) {
      if (p.length() == 1) {
        throw new IllegalArgumentException("illegal exclusion pattern: \"!\"");
      }
      exclusion = true;
      p = p.substring(1).strip();
    }
    p = ContextPath.relative(p);
    Kind kind = Kind.EXACT;
    List<Token> tokens = new ArrayList<>();
    int[] cps = p.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int ch = cps[i];
      boolean first = i == 0;
      if (ch == '*') {
        if (i + 1 < cps.length && cps[i + 1] == '*') {
          i++;
          if (i + 1 < cps.length && cps[i + 1] == '/') {
            i++;
          }
          if (i + 1 == cps.length) {
            kind = kind == Kind.EXACT ? Kind.PREFIX : Kind.GLOB;
            tokens.add(Token.of(Op.ANY));
          } else {
            kind = Kind.GLOB;
            tokens.add(Token.of(Op.DEEP));
          }
          if (first) {
            kind = Kind.SUFFIX;
          }
        } else {
          kind = Kind.GLOB;
          tokens.add(Token.of(Op.STAR));
        }
      } else if (ch == '?') {
        kind = Kind.GLOB;
        tokens.add(Token.of(Op.ONE));
      } else if (ch == '\\') {
        if (i + 1 < cps.length) {
          i++;
          kind = Kind.GLOB;
          tokens.add(new Token(Op.LITERAL, cps[i], null, false));
        } else {
          tokens.add(new Token(Op.LITERAL, '\\', null, false));
        }
      } else if (ch == '[') {
        kind = Kind.GLOB;
        i = parseClass(cps, i, tokens, raw);
      } else {
        if (ch == ']') {
          kind = Kind.GLOB;
        }
        tokens.add(new Token(Op.LITERAL, ch, null, false));
      }
    }
    return new IgnorePattern(p, exclusion, kind, tokens.toArray(new Token[0]));
  }

  /**
   * An exception ({@code !}) for exactly one path, taken literally: no glob characters and no
   * trimming, so a Dockerfile called {@code " a*"} is kept as itself (compiling {@code "!" + name}
   * would strip it, and a name of blanks would become the illegal pattern {@code "!"}).
   */
  static IgnorePattern reinclude(String path) {
    String p = ContextPath.relative(path);
    List<Token> tokens = new ArrayList<>();
    p.codePoints().forEach(cp -> tokens.add(new Token(Op.LITERAL, cp, null, false)));
    return new IgnorePattern(p, true, Kind.EXACT, tokens.toArray(new Token[0]));
  }

  /** Reads {@code [...]} starting at {@code open}; returns the index of the closing bracket. */
  private static int parseClass(int[] cps, int open, List<Token> tokens, String raw) {
    int i = open + 1;
    boolean negated = false;
    // Go's filepath.Match negates with '^' only; '!' is an ordinary member, as in Docker.
    if (i < cps.length && cps[i] == '^') {
      negated = true;
      i++;
    }
    List<Integer> ranges = new ArrayList<>();
    boolean any = false;
    while (true) {
      if (i >= cps.length) {
        throw badPattern(raw);
      }
      int ch = cps[i];
      if (ch == ']' && any) {
        break;
      }
      if (ch == '\\') {
        i++;
        if (i >= cps.length) {
          throw badPattern(raw);
        }
        ch = cps[i];
      }
      int hi = ch;
      if (i + 2 < cps.length && cps[i + 1] == '-' && cps[i + 2] != ']') {
        i += 2;
        hi = cps[i];
        if (hi == '\\') {
          i++;
          if (i >= cps.length) {
            throw badPattern(raw);
          }
          hi = cps[i];
        }
        if (hi < ch) {
          throw badPattern(raw);
        }
      }
      ranges.add(ch);
      ranges.add(hi);
      any = true;
      i++;
    }
    int[] r = ranges.stream().mapToInt(Integer::intValue).toArray();
    tokens.add(new Token(Op.CLASS, 0, r, negated));
    return i;
  }

  private static IllegalArgumentException badPattern(String raw) {
    return new IllegalArgumentException(
        "invalid .dockerignore pattern \"" + raw.strip() + "\": syntax error in pattern");
  }

  /** The cleaned pattern without its {@code !}. */
  String text() {
    return text;
  }

  /** Whether this line re-includes ({@code !pattern}) rather than excludes. */
  boolean exclusion() {
    return exclusion;
  }

  /** Whether the pattern matches this cleaned, relative, slash-separated path itself. */
  boolean matches(String path) {
    return switch (kind) {
      case EXACT -> path.equals(text);
      case PREFIX -> path.startsWith(text.substring(0, text.length() - 2));
      case SUFFIX -> {
        String suffix = text.substring(2);
        yield path.endsWith(suffix)
            || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
      }
      case GLOB -> run(path.codePoints().toArray(), false);
    };
  }

  /**
   * Whether the pattern could match {@code dir} itself, one of its parents, or anything below
   * it. A walker that excluded {@code dir} may skip it only when no exception answers yes;
   * moby's walker checks a plain string prefix, which misses exceptions such as {@code !**}/keep.
   */
  boolean couldMatchWithin(String dir) {
    if (matches(dir)) {
      return true;
    }
    for (int slash = dir.indexOf('/'); slash >= 0; slash = dir.indexOf('/', slash + 1)) {
      if (matches(dir.substring(0, slash))) {
        return true;
      }
    }
    if (kind == Kind.SUFFIX) {
      return true;
    }
    return run((dir + "/").codePoints().toArray(), true);
  }

  /**
   * Runs the tokens over {@code s}. With {@code prefixOnly} the answer is whether the whole of
   * {@code s} can be consumed by some leading part of the pattern (so a longer path could still
   * match); otherwise whether the whole pattern consumes the whole of {@code s}.
   */
  private boolean run(int[] s, boolean prefixOnly) {
    int n = s.length;
    BitSet current = new BitSet(n + 1);
    current.set(0);
    for (Token token : tokens) {
      if (prefixOnly && current.get(n)) {
        return true;
      }
      BitSet next = new BitSet(n + 1);
      for (int p = current.nextSetBit(0); p >= 0; p = current.nextSetBit(p + 1)) {
        switch (token.op()) {
          case STAR -> {
            next.set(p);
            int q = p;
            while (q < n && s[q] != '/') {
              q++;
              next.set(q);
            }
          }
          case DEEP -> {
            next.set(p);
            for (int q = p; q < n; q++) {
              if (s[q] == '/') {
                next.set(q + 1);
              }
            }
          }
          case ANY -> next.set(p, n + 1);
          default -> {
            if (p < n && token.acceptsOne(s[p])) {
              next.set(p + 1);
            }
          }
        }
      }
      if (next.isEmpty()) {
        return false;
      }
      current = next;
    }
    return current.get(n);
  }

  @Override
  public String toString() {
    return exclusion ? "!" + text : text;
  }
}
