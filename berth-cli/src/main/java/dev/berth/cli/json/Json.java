package dev.berth.cli.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer over plain Java values: {@code LinkedHashMap}, {@code ArrayList},
 * {@code String}, {@code Long}/{@code BigInteger} for integers, {@code Double} for decimals,
 * {@code Boolean} and {@code null}.
 *
 * <p>Why not Jackson (which berth-api ships): creating an ObjectMapper and reading one tree costs
 * about 130 ms of class loading on a cold JVM, half the CLI's whole start-up budget. The CLI only
 * needs untyped trees anyway, because Go templates walk the daemon's raw JSON, and member order is
 * kept so that output follows the daemon's field order as docker's typed structs do.
 */
public final class Json {
  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /** Parses one JSON value; trailing whitespace is allowed, anything else is an error. */
  public static Object parse(String text) {
    Json p = new Json(text);
    p.skipWs();
    Object v = p.value();
    p.skipWs();
    if (p.pos != text.length()) {
      throw p.error("unexpected trailing data");
    }
    return v;
  }

  public static Object parse(byte[] utf8) {
    return parse(new String(utf8, StandardCharsets.UTF_8));
  }

  /** Compact JSON, members in map order, no HTML escaping. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, false);
    return sb.toString();
  }

  /** Compact JSON as Go's encoding/json writes it: {@code <>&} escaped as {@code \u003c} etc. */
  public static String writeGo(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, true);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, boolean goEscapes) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      quote(sb, s, goEscapes);
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        quote(sb, String.valueOf(e.getKey()), goEscapes);
        sb.append(':');
        write(sb, e.getValue(), goEscapes);
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(sb, l.get(i), goEscapes);
      }
      sb.append(']');
    } else if (v instanceof Double d) {
      if (d == Math.rint(d) && Math.abs(d) < 1e21) {
        sb.append(new BigDecimal(d).toPlainString());
      } else {
        sb.append(d.toString().replace("E", "e"));
      }
    } else {
      sb.append(v);
    }
  }

  /** Appends {@code s} as a JSON string literal. */
  public static void quote(StringBuilder sb, String s, boolean goEscapes) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || (goEscapes && (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'))) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private Object value() {
    if (pos >= text.length()) {
      throw error("unexpected end of input");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    pos++;
    skipWs();
    if (peek() == '}') {
      pos++;
      return m;
    }
    while (true) {
      skipWs();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      String key = string();
      skipWs();
      expect(':');
      skipWs();
      m.put(key, value());
      skipWs();
      char c = next();
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    pos++;
    skipWs();
    if (peek() == ']') {
      pos++;
      return l;
    }
    while (true) {
      skipWs();
      l.add(value());
      skipWs();
      char c = next();
      if (c == ']') {
        return l;
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    pos++;
    StringBuilder sb = null;
    int start = pos;
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        String tail = text.substring(start, pos++);
        return sb == null ? tail : sb.append(tail).toString();
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(text, start, pos);
        pos++;
        char e = next();
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            int cp = 0;
            for (int k = 0; k < 4; k++) {
              int d = pos + k < text.length() ? Character.digit(text.charAt(pos + k), 16) : -1;
              if (d < 0 || text.charAt(pos + k) > 'f') {
                throw error("bad unicode escape"); // exactly four hex digits, as JSON has them
              }
              cp = cp * 16 + d;
            }
            sb.append((char) cp);
            pos += 4;
          }
          default -> sb.append(e);
        }
        start = pos;
      } else {
        pos++;
      }
    }
  }

  private Object number() {
    int start = pos;
    boolean decimal = false;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '.' || c == 'e' || c == 'E') {
        decimal = true;
      } else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) {
        break;
      }
      pos++;
    }
    String n = text.substring(start, pos);
    try {
      if (decimal) {
        return Double.parseDouble(n);
      }
      if (n.length() < 19) {
        return Long.parseLong(n);
      }
      BigInteger b = new BigInteger(n);
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    } catch (NumberFormatException e) {
      throw error("bad number " + n);
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected token");
    }
    pos += word.length();
    return value;
  }

  private void skipWs() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private char next() {
    if (pos >= text.length()) {
      throw error("unexpected end of input");
    }
    return text.charAt(pos++);
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected '" + c + "'");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("invalid JSON at offset " + pos + ": " + what);
  }
}
