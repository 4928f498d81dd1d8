package dev.berth.compose.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A service's {@code healthcheck} as the Engine API's Healthcheck (durations in nanoseconds). */
final class Healthcheck {
  private Healthcheck() {}

  static Map<String, Object> of(Map<String, Object> h) {
    if (h.isEmpty()) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (Boolean.TRUE.equals(h.get("disable"))) {
      out.put("Test", List.of("NONE"));
      return out;
    }
    if (h.get("test") != null) {
      out.put("Test", h.get("test"));
    }
    for (String[] k : new String[][] {{"interval", "Interval"}, {"timeout", "Timeout"}, {"start_period", "StartPeriod"},
        {"start_interval", "StartInterval"}}) {
      if (h.get(k[0]) != null) {
        out.put(k[1], Durations.nanos(String.valueOf(h.get(k[0]))));
      }
    }
    if (h.get("retries") instanceof Number n) {
      out.put("Retries", n.longValue());
    }
    return out;
  }
}
