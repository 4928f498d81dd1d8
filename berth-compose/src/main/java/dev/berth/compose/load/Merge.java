package dev.berth.compose.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges an override file into the model so far, with compose's rules: mappings merge key by key;
 * {@code command}, {@code entrypoint} and {@code healthcheck.test} are replaced; environment,
 * labels and build args merge as mappings whatever syntax each file used; ports, volumes, secrets
 * and configs merge by their identity (published port, mount target, source); other lists append
 * without duplicates; scalars are replaced. {@code !override} replaces whatever it names and
 * {@code !reset} removes it.
 */
public final class Merge {
  private Merge() {}

  private static final Set<String> REPLACED = Set.of("command", "entrypoint", "test", "image", "build.context");
  private static final Set<String> AS_MAPPING = Set.of("environment", "labels", "args", "extra_hosts", "sysctls",
      "annotations", "driver_opts", "options");

  /** Merges {@code over} onto {@code base} (both top-level file models); returns the result. */
  public static Map<String, Object> files(Map<String, Object> base, Map<String, Object> over) {
    return mapping(base, over, "");
  }

  /** Merges one service definition onto another ({@code extends}): the same rules as for files. */
  public static Map<String, Object> service(Map<String, Object> base, Map<String, Object> over) {
    return mapping(base, over, "services.x");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapping(Map<String, Object> base, Map<String, Object> over, String path) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    for (Map.Entry<String, Object> e : over.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      if (v instanceof Tagged t) {
        if (t.kind() == Tagged.Kind.RESET) {
          out.put(key, t);
        } else {
          out.put(key, t.value());
        }
        continue;
      }
      Object old = out.get(key);
      out.put(key, value(old, v, key, path.isEmpty() ? key : path + "." + key));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object value(Object old, Object v, String key, String path) {
    if (old == null || old instanceof Tagged || v == null || REPLACED.contains(key)) {
      return v;
    }
    if (AS_MAPPING.contains(key)) {
      Map<String, Object> merged = new LinkedHashMap<>(Normalize.listToMap(old));
      merged.putAll(Normalize.listToMap(v));
      return merged;
    }
    if (old instanceof Map && v instanceof Map) {
      return mapping((Map<String, Object>) old, (Map<String, Object>) v, path);
    }
    if (old instanceof List<?> ol && v instanceof List<?> nl) {
      return switch (key) {
        case "ports" -> unique(ol, nl);
        case "volumes" -> byIdentity(ol, nl, "target");
        case "secrets", "configs" -> byIdentity(ol, nl, "source");
        default -> unique(ol, nl);
      };
    }
    if (key.equals("depends_on") || key.equals("networks")) {
      Map<String, Object> merged = new LinkedHashMap<>(Normalize.listToNullMap(old));
      for (Map.Entry<String, Object> e : Normalize.listToNullMap(v).entrySet()) {
        Object prev = merged.get(e.getKey());
        merged.put(e.getKey(), prev instanceof Map && e.getValue() instanceof Map
            ? mapping((Map<String, Object>) prev, (Map<String, Object>) e.getValue(), path + "." + e.getKey())
            : e.getValue() == null && prev != null ? prev : e.getValue());
      }
      return merged;
    }
    return v;
  }

  private static List<Object> unique(List<?> a, List<?> b) {
    Set<Object> seen = new LinkedHashSet<>(a);
    seen.addAll(b);
    return new ArrayList<>(seen);
  }

  /** Entries of b replace the entries of a with the same identity (a mount's target, a secret's source). */
  private static List<Object> byIdentity(List<?> a, List<?> b, String field) {
    Map<Object, Object> byId = new LinkedHashMap<>();
    for (Object x : a) {
      byId.put(identity(x, field), x);
    }
    for (Object x : b) {
      Object id = identity(x, field);
      byId.remove(id);
      byId.put(id, x);
    }
    return new ArrayList<>(byId.values());
  }

  private static Object identity(Object x, String field) {
    if (x instanceof Map<?, ?> m) {
      return String.valueOf(m.get(field));
    }
    String s = String.valueOf(x);
    if (field.equals("target")) {
      String[] parts = Normalize.splitVolume(s);
      return parts.length == 1 ? parts[0] : parts[1];
    }
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }

  /** Removes what {@code !reset} named and unwraps {@code !override}, once every file is merged. */
  public static Object strip(Object v) {
    return switch (v) {
      case Map<?, ?> m -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (e.getValue() instanceof Tagged t && t.kind() == Tagged.Kind.RESET) {
            continue;
          }
          out.put(String.valueOf(e.getKey()), strip(e.getValue()));
        }
        yield out;
      }
      case List<?> l -> {
        List<Object> out = new ArrayList<>();
        for (Object x : l) {
          if (!(x instanceof Tagged t && t.kind() == Tagged.Kind.RESET)) {
            out.add(strip(x));
          }
        }
        yield out;
      }
      case Tagged t -> strip(t.value());
      case null -> null;
      default -> v;
    };
  }
}
