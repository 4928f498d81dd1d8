package dev.berth.cli.client;

import dev.berth.cli.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns repeated {@code --filter key=value} words into the {@code filters} query value,
 * {@code {"key":["value",...]}}, a shape every Engine API daemon accepts. Berth's shared
 * {@code dev.berth.api.Filters} would load Jackson, which the CLI avoids for start-up time.
 */
public final class FilterEncoder {
  private FilterEncoder() {}

  public static Map<String, List<String>> parse(List<String> words) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("bad format of filter (expected name=value)");
      }
      String key = w.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(w.substring(eq + 1).trim());
    }
    return out;
  }

  /** The JSON text, or null when there are no filters (the parameter is then left out). */
  public static String encode(Map<String, List<String>> filters) {
    return filters.isEmpty() ? null : Json.write(filters);
  }

  public static String encode(List<String> words) {
    return encode(parse(words));
  }
}
