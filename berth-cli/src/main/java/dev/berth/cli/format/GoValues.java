package dev.berth.cli.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How Go's fmt prints and tests the values templates see, so that output matches docker:
 * maps as {@code map[k:v]} with sorted keys, lists as {@code [a b]}, nil as {@code <nil>}, a missing
 * map key as {@code <no value>}, floats in %v's shortest form ({@code 1e+06}).
 */
public final class GoValues {
  /** The result of reading a key a map does not have. */
  public static final Object NO_VALUE = new Object() {
    @Override
    public String toString() {
      return "<no value>";
    }
  };

  private GoValues() {}

  public static String print(Object v) {
    StringBuilder sb = new StringBuilder();
    print(sb, v);
    return sb.toString();
  }

  private static void print(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("<nil>");
    } else if (v instanceof String s) {
      sb.append(s);
    } else if (v instanceof Double d) {
      sb.append(formatFloat(d));
    } else if (v instanceof Map<?, ?> m) {
      sb.append("map[");
      boolean first = true;
      for (Object k : sortedKeys(m)) {
        if (!first) {
          sb.append(' ');
        }
        first = false;
        sb.append(k).append(':');
        print(sb, m.get(k));
      }
      sb.append(']');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(' ');
        }
        print(sb, l.get(i));
      }
      sb.append(']');
    } else {
      sb.append(v);
    }
  }

  public static List<Object> sortedKeys(Map<?, ?> m) {
    List<Object> keys = new ArrayList<>(m.keySet());
    keys.sort((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
    return keys;
  }

  /** Go's {@code %v} for a float64: shortest digits, exponent form below 1e-4 or from 1e6 (fmt.Println(1e6) prints 1e+06). */
  public static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0" : "0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = bd.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - bd.scale();
    String sign = d < 0 ? "-" : "";
    if (exp < -4 || exp >= 6) {
      String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    return sign + bd.abs().toPlainString();
  }

  /** Go's truth: false, 0, nil and empty strings, lists and maps are false. */
  public static boolean truthy(Object v) {
    if (v == null || v == NO_VALUE) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof Long l) {
      return l != 0;
    }
    if (v instanceof Integer i) {
      return i != 0;
    }
    if (v instanceof Double d) {
      return d != 0;
    }
    if (v instanceof BigInteger b) {
      return b.signum() != 0;
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    if (v instanceof List<?> l) {
      return !l.isEmpty();
    }
    return true;
  }

  /** Reads one field of a value: a JSON member, or a computed field of a {@link TemplateObject}. */
  public static Object field(Object v, String name, List<Object> args) {
    if (v instanceof TemplateObject o) {
      return o.field(name, args);
    }
    if (!args.isEmpty()) {
      throw new TemplateException("template: :1: can't give argument to non-function ." + name);
    }
    if (v instanceof Map<?, ?> m) {
      return m.containsKey(name) ? m.get(name) : NO_VALUE;
    }
    if (v == null || v == NO_VALUE) {
      return NO_VALUE;
    }
    throw new TemplateException("template: :1: can't evaluate field " + name + " in type " + typeName(v));
  }

  static String typeName(Object v) {
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
      return "int";
    }
    if (v instanceof Double) {
      return "float64";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof List<?>) {
      return "[]interface {}";
    }
    return "interface {}";
  }
}
