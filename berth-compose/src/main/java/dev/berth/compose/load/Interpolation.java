package dev.berth.compose.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Compose's variable substitution in values (never in keys): {@code $V ${V} ${V:-x} ${V-x}
 * ${V:?err} ${V?err} ${V:+x} ${V+x}}, defaults that nest further substitutions, and {@code $$} for
 * a literal dollar. An unset variable with no default becomes "" after a warning, as compose v2
 * does; a {@code ?} form whose variable is missing is an error carrying its message.
 */
public final class Interpolation {
  private final Function<String, String> lookup;
  private final Consumer<String> warn;

  public Interpolation(Function<String, String> lookup, Consumer<String> warn) {
    this.lookup = lookup;
    this.warn = warn;
  }

  /** Substitutes in every string of a tree of maps and lists; returns a new tree. */
  public Object apply(Object value, String path) {
    return switch (value) {
      case String s -> substitute(s, path);
      case Map<?, ?> m -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String k = String.valueOf(e.getKey());
          out.put(k, apply(e.getValue(), path.isEmpty() ? k : path + "." + k));
        }
        yield out;
      }
      case List<?> l -> {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
          out.add(apply(l.get(i), path + "[" + i + "]"));
        }
        yield out;
      }
      case Tagged t -> new Tagged(t.kind(), apply(t.value(), path));
      case null -> null;
      default -> value;
    };
  }

  /** Substitutes in one string. */
  public String substitute(String s, String path) {
    if (s.indexOf('$') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    int end = parse(s, 0, out, false, path);
    if (end != s.length()) {
      throw invalid(s, path);
    }
    return out.toString();
  }

  /**
   * Appends the substitution of s from i to out; inside a braced default ({@code nested}) stops at
   * the closing brace that ends it and returns that brace's index.
   */
  private int parse(String s, int i, StringBuilder out, boolean nested, String path) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (nested && c == '}') {
        return i;
      }
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 >= s.length()) {
        throw invalid(s, path);
      }
      char n = s.charAt(i + 1);
      if (n == '$') {
        out.append('$');
        i += 2;
      } else if (n == '{') {
        i = braced(s, i + 2, out, path);
      } else if (isNameStart(n)) {
        int j = i + 1;
        while (j < s.length() && isNamePart(s.charAt(j))) {
          j++;
        }
        out.append(valueOf(s.substring(i + 1, j)));
        i = j;
      } else {
        throw invalid(s, path);
      }
    }
    if (nested) {
      throw invalid(s, path);
    }
    return i;
  }

  /** One {@code ${...}} starting after the brace; returns the index after its closing brace. */
  private int braced(String s, int i, StringBuilder out, String path) {
    int j = i;
    while (j < s.length() && isNamePart(s.charAt(j))) {
      j++;
    }
    String name = s.substring(i, j);
    if (name.isEmpty() || !isNameStart(name.charAt(0)) || j >= s.length()) {
      throw invalid(s, path);
    }
    char c = s.charAt(j);
    if (c == '}') {
      out.append(valueOf(name));
      return j + 1;
    }
    String op;
    if (c == ':' && j + 1 < s.length() && "-?+".indexOf(s.charAt(j + 1)) >= 0) {
      op = s.substring(j, j + 2);
    } else if ("-?+".indexOf(c) >= 0) {
      op = String.valueOf(c);
    } else {
      throw invalid(s, path);
    }
    StringBuilder arg = new StringBuilder();
    int close = parse(s, j + op.length(), arg, true, path);
    String value = lookup.apply(name);
    boolean set = value != null;
    boolean nonEmpty = set && !value.isEmpty();
    switch (op) {
      case ":-" -> out.append(nonEmpty ? value : arg);
      case "-" -> out.append(set ? value : arg);
      case ":+" -> out.append(nonEmpty ? arg : "");
      case "+" -> out.append(set ? arg : "");
      case ":?" -> {
        if (!nonEmpty) {
          throw missing(name, arg.toString());
        }
        out.append(value);
      }
      case "?" -> {
        if (!set) {
          throw missing(name, arg.toString());
        }
        out.append(value);
      }
      default -> throw invalid(s, path);
    }
    return close + 1;
  }

  private String valueOf(String name) {
    String v = lookup.apply(name);
    if (v == null) {
      warn.accept("The \"" + name + "\" variable is not set. Defaulting to a blank string.");
      return "";
    }
    return v;
  }

  private static ComposeException missing(String name, String reason) {
    return new ComposeException(reason.isEmpty() ? "required variable " + name + " is missing a value"
        : "required variable " + name + " is missing a value: " + reason);
  }

  private static ComposeException invalid(String s, String path) {
    return new ComposeException("Invalid template: \"" + s + "\"" + (path.isEmpty() ? "" : " in " + path));
  }

  private static boolean isNameStart(char c) {
    return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || c >= '0' && c <= '9';
  }
}
