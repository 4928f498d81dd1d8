package dev.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code filters} query parameter of list endpoints.
 *
 * <p>Clients send it in two shapes: the current {@code {"label":{"a=b":true}}} and the older
 * {@code {"label":["a=b"]}}; both decode to the same map of key to values. Within one key the values
 * are alternatives (any may match); different keys must all match.
 */
public final class Filters {
  private final Map<String, List<String>> values;

  private Filters(Map<String, List<String>> values) {
    this.values = values;
  }

  public static Filters empty() {
    return new Filters(Map.of());
  }

  /** Decodes the JSON text of a filters parameter; blank means no filters. */
  public static Filters parse(String json) {
    if (json == null || json.isBlank()) {
      return empty();
    }
    JsonNode root = Json.tree(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    if (!root.isObject()) {
      throw new IllegalArgumentException("invalid filter: expected a JSON object");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<String> list = new ArrayList<>();
      JsonNode v = e.getValue();
      if (v.isArray()) {
        v.forEach(x -> list.add(x.asText()));
      } else if (v.isObject()) {
        v.fields().forEachRemaining(x -> {
          if (x.getValue().asBoolean(true)) {
            list.add(x.getKey());
          }
        });
      } else if (v.isTextual()) {
        list.add(v.asText());
      } else {
        throw new IllegalArgumentException("invalid filter '" + e.getKey() + "'");
      }
      out.put(e.getKey(), list);
    }
    return new Filters(out);
  }

  /** Builds filters from CLI-style {@code key=value} words. */
  public static Filters ofArgs(List<String> args) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("bad format of filter (expected name=value): "
            + a.replace("\r", "\\r").replace("\n", "\\n"));
      }
      out.computeIfAbsent(a.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
          .add(a.substring(eq + 1).trim());
    }
    return new Filters(out);
  }

  /** The current JSON shape: {@code {"key":{"value":true}}}. */
  public String toJson() {
    Map<String, Map<String, Boolean>> shape = new LinkedHashMap<>();
    values.forEach((k, vs) -> {
      Map<String, Boolean> m = new LinkedHashMap<>();
      vs.forEach(v -> m.put(v, true));
      shape.put(k, m);
    });
    return Json.toString(shape);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public List<String> get(String key) {
    return values.getOrDefault(key, Collections.emptyList());
  }

  public java.util.Set<String> keys() {
    return values.keySet();
  }

  /** Rejects keys the endpoint does not know, as Docker does ("invalid filter 'x'"). */
  public void requireKnown(java.util.Set<String> known) {
    for (String k : values.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("invalid filter '" + k + "'");
      }
    }
  }

  /**
   * Whether labels satisfy every {@code label} filter: {@code key} needs the key present,
   * {@code key=value} needs that value, {@code key!=value} needs it absent or different.
   */
  public boolean matchesLabels(String key, Map<String, String> labels) {
    for (String want : get(key)) {
      int neq = want.indexOf("!=");
      int eq = want.indexOf('=');
      if (neq > 0 && (eq < 0 || neq < eq)) {
        String k = want.substring(0, neq);
        if (want.substring(neq + 2).equals(labels.get(k))) {
          return false;
        }
      } else if (eq > 0) {
        if (!want.substring(eq + 1).equals(labels.get(want.substring(0, eq)))) {
          return false;
        }
      } else if (!labels.containsKey(want)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
