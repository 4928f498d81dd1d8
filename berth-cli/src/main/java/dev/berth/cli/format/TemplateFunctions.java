package dev.berth.cli.format;

import dev.berth.cli.json.Json;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The functions docker adds to templates ({@code json}, {@code join}, {@code split}, {@code upper},
 * {@code lower}, {@code title}, {@code pad}, {@code truncate}, {@code table}) plus the Go builtins
 * people use with them ({@code index}, {@code len}, {@code print*}, comparisons, logic).
 */
final class TemplateFunctions {
  private static final Set<String> NAMES = Set.of("json", "join", "split", "upper", "lower", "title", "pad",
      "truncate", "index", "len", "print", "println", "printf", "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not",
      "slice");

  private TemplateFunctions() {}

  static boolean exists(String name) {
    return NAMES.contains(name);
  }

  static Object call(String name, List<Object> a) {
    switch (name) {
      case "json":
        need(name, a, 1);
        return Json.write(goJsonOrder(a.get(0)));
      case "join": {
        need(name, a, 2);
        List<String> parts = new ArrayList<>();
        if (a.get(0) instanceof List<?> l) {
          for (Object o : l) {
            parts.add(GoValues.print(o));
          }
        } else if (a.get(0) != null && a.get(0) != GoValues.NO_VALUE) {
          throw new TemplateException("template: :1: wrong type for value; expected []string; got " + GoValues.typeName(a.get(0)));
        }
        return String.join(str(a.get(1)), parts);
      }
      case "split": {
        need(name, a, 2);
        String sep = str(a.get(1));
        String s = str(a.get(0));
        List<Object> out = new ArrayList<>();
        if (sep.isEmpty()) {
          s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
          return out;
        }
        int from = 0;
        int i;
        while ((i = s.indexOf(sep, from)) >= 0) {
          out.add(s.substring(from, i));
          from = i + sep.length();
        }
        out.add(s.substring(from));
        return out;
      }
      case "upper":
        need(name, a, 1);
        return str(a.get(0)).toUpperCase(Locale.ROOT);
      case "lower":
        need(name, a, 1);
        return str(a.get(0)).toLowerCase(Locale.ROOT);
      case "title": {
        need(name, a, 1);
        String s = str(a.get(0));
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
          sb.append(start ? Character.toTitleCase(c) : c);
          start = !Character.isLetterOrDigit(c) && c != '\'' && c != '_';
        }
        return sb.toString();
      }
      case "pad": {
        need(name, a, 3);
        return " ".repeat(count(name, a.get(1))) + str(a.get(0)) + " ".repeat(count(name, a.get(2)));
      }
      case "truncate": {
        need(name, a, 2);
        String s = str(a.get(0));
        int n = count(name, a.get(1));
        return s.codePointCount(0, s.length()) <= n ? s : s.substring(0, s.offsetByCodePoints(0, n));
      }
      case "index": {
        if (a.isEmpty()) {
          throw new TemplateException("template: :1: wrong number of args for index: want at least 1 got 0");
        }
        Object v = a.get(0);
        for (int i = 1; i < a.size(); i++) {
          v = index(v, a.get(i));
        }
        return v;
      }
      case "slice": {
        if (a.isEmpty()) {
          throw new TemplateException("template: :1: wrong number of args for slice: want at least 1 got 0");
        }
        Object v = a.get(0);
        int from = a.size() > 1 ? toInt(a.get(1)) : 0;
        if (v instanceof String s) {
          int to = a.size() > 2 ? toInt(a.get(2)) : s.length();
          checkSlice(from, to, s.length());
          return s.substring(from, to);
        }
        if (v instanceof List<?> l) {
          int to = a.size() > 2 ? toInt(a.get(2)) : l.size();
          checkSlice(from, to, l.size());
          return new ArrayList<Object>(l.subList(from, to));
        }
        throw new TemplateException("template: :1: can't slice item of type " + GoValues.typeName(v));
      }
      case "len": {
        need(name, a, 1);
        Object v = a.get(0);
        if (v instanceof String s) {
          return (long) s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        if (v instanceof List<?> l) {
          return (long) l.size();
        }
        if (v instanceof Map<?, ?> m) {
          return (long) m.size();
        }
        throw new TemplateException("template: :1: len of type " + GoValues.typeName(v));
      }
      case "print":
        return sprint(a, false);
      case "println":
        return sprint(a, true);
      case "printf":
        if (a.isEmpty()) {
          throw new TemplateException("template: :1: wrong number of args for printf: want at least 1 got 0");
        }
        return GoPrintf.format(str(a.get(0)), a.subList(1, a.size()));
      case "eq": {
        for (int i = 1; i < a.size(); i++) {
          if (equal(a.get(0), a.get(i))) {
            return true;
          }
        }
        return false;
      }
      case "ne":
        need(name, a, 2);
        return !equal(a.get(0), a.get(1));
      case "lt":
        return compare(a) < 0;
      case "le":
        return compare(a) <= 0;
      case "gt":
        return compare(a) > 0;
      case "ge":
        return compare(a) >= 0;
      case "and": {
        Object last = null;
        for (Object o : a) {
          last = o;
          if (!GoValues.truthy(o)) {
            return o;
          }
        }
        return last;
      }
      case "or": {
        Object last = null;
        for (Object o : a) {
          last = o;
          if (GoValues.truthy(o)) {
            return o;
          }
        }
        return last;
      }
      case "not":
        need(name, a, 1);
        return !GoValues.truthy(a.get(0));
      default:
        throw new TemplateException("template: :1: function \"" + name + "\" not defined");
    }
  }

  /**
   * Go marshals structs in field order but maps (labels, exposed ports) with sorted keys. Raw JSON
   * keeps the daemon's order; a map whose keys are not all UpperCamelCase field names is a Go map.
   */
  static Object goJsonOrder(Object v) {
    if (v instanceof TemplateObject o) {
      return goJsonOrder(sortedCopy(o.toJson()));
    }
    if (v instanceof Map<?, ?> m) {
      boolean struct = true;
      for (Object k : m.keySet()) {
        String s = String.valueOf(k);
        if (s.isEmpty() || !Character.isUpperCase(s.charAt(0))) {
          struct = false;
          break;
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Object k : struct ? new ArrayList<Object>(m.keySet()) : GoValues.sortedKeys(m)) {
        out.put(String.valueOf(k), goJsonOrder(m.get(k)));
      }
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(goJsonOrder(o));
      }
      return out;
    }
    return v == GoValues.NO_VALUE ? null : v;
  }

  private static Map<String, Object> sortedCopy(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Object k : GoValues.sortedKeys(m)) {
      out.put((String) k, m.get(k));
    }
    return new SortedMarker(out);
  }

  /** A map already in the order wanted (a context's fields, sorted like Go's map marshalling). */
  @SuppressWarnings("serial")
  private static final class SortedMarker extends LinkedHashMap<String, Object> {
    SortedMarker(Map<String, Object> m) {
      super(m);
    }
  }

  private static Object index(Object v, Object key) {
    if (v instanceof Map<?, ?> m) {
      Object r = m.get(str(key));
      return r == null && !m.containsKey(str(key)) ? GoValues.NO_VALUE : r;
    }
    if (v instanceof List<?> l) {
      int i = toInt(key);
      if (i < 0 || i >= l.size()) {
        throw new TemplateException("template: :1: error calling index: index out of range: " + i);
      }
      return l.get(i);
    }
    if (v == null || v == GoValues.NO_VALUE) {
      return GoValues.NO_VALUE;
    }
    throw new TemplateException("template: :1: error calling index: can't index item of type " + GoValues.typeName(v));
  }

  private static String sprint(List<Object> a, boolean ln) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < a.size(); i++) {
      boolean isStr = a.get(i) instanceof String;
      if (i > 0 && (ln || (!isStr && !(a.get(i - 1) instanceof String)))) {
        sb.append(' ');
      }
      sb.append(GoValues.print(a.get(i)));
    }
    if (ln) {
      sb.append('\n');
    }
    return sb.toString();
  }

  static boolean equal(Object x, Object y) {
    if (x instanceof Number a && y instanceof Number b) {
      return a.doubleValue() == b.doubleValue();
    }
    if (x == GoValues.NO_VALUE) {
      x = null;
    }
    if (y == GoValues.NO_VALUE) {
      y = null;
    }
    return x == null ? y == null : x.equals(y);
  }

  private static int compare(List<Object> a) {
    if (a.size() != 2) {
      throw new TemplateException("template: :1: wrong number of args: want 2 got " + a.size());
    }
    Object x = a.get(0);
    Object y = a.get(1);
    if (x instanceof Number p && y instanceof Number q) {
      return Double.compare(p.doubleValue(), q.doubleValue());
    }
    if (x instanceof String p && y instanceof String q) {
      return p.compareTo(q);
    }
    throw new TemplateException("template: :1: incompatible types for comparison");
  }

  static String str(Object o) {
    return o instanceof String s ? s : GoValues.print(o);
  }

  /** Go's slice bounds check: {@code 0 <= from <= to <= len}, else an error, never an exception. */
  private static void checkSlice(int from, int to, int len) {
    if (from < 0 || to > len || from > to) {
      throw new TemplateException("template: :1: error calling slice: index out of range: "
          + (from < 0 || from > len ? from : to));
    }
  }

  /** A count for pad or truncate: Go panics on a negative one; a huge one would exhaust memory. */
  private static int count(String name, Object o) {
    int n = toInt(o);
    if (n < 0 || n > 1_000_000) {
      throw new TemplateException("template: :1: error calling " + name + ": count out of range: " + n);
    }
    return n;
  }

  static int toInt(Object o) {
    if (o instanceof Long l) {
      if (l != l.intValue()) {
        throw new TemplateException("template: :1: integer out of range: " + l);
      }
      return l.intValue();
    }
    if (o instanceof Integer i) {
      return i;
    }
    if (o instanceof BigInteger b) {
      if (b.bitLength() > 31) {
        throw new TemplateException("template: :1: integer out of range: " + b);
      }
      return b.intValue();
    }
    if (o instanceof Double d) {
      return d.intValue();
    }
    throw new TemplateException("template: :1: expected integer; found " + GoValues.print(o));
  }

  private static void need(String name, List<Object> a, int n) {
    if (a.size() != n) {
      throw new TemplateException("template: :1: wrong number of args for " + name + ": want " + n + " got " + a.size());
    }
  }
}
