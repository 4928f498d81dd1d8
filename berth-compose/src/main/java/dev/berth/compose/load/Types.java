package dev.berth.compose.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checked reads of the model's values; a wrong type is an error that names its path. */
public final class Types {
  private Types() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object v, String path) {
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    if (v == null) {
      return Map.of();
    }
    throw new ComposeException(path + " must be a mapping");
  }

  @SuppressWarnings("unchecked")
  public static List<Object> list(Object v, String path) {
    if (v instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw new ComposeException(path + " must be a list");
  }

  /** A list of scalars, or one string standing for a one-element list. */
  public static List<String> strings(Object v, String path) {
    List<String> out = new ArrayList<>();
    if (v instanceof String s) {
      out.add(s);
      return out;
    }
    List<Object> l = list(v, path);
    for (int i = 0; i < l.size(); i++) {
      out.add(scalar(l.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  /** A string, number or boolean as text (environment values, labels, args). */
  public static String scalar(Object v, String path) {
    return switch (v) {
      case String s -> s;
      case Long l -> l.toString();
      case Double d -> d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(d.longValue()) : d.toString();
      case Boolean b -> b.toString();
      case null -> "";
      default -> throw new ComposeException(path + " must be a string, number or boolean");
    };
  }
}
