package dev.berth.compose.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A project's containers as the daemon lists them, found by compose's labels alone. */
public final class ProjectContainers {
  private ProjectContainers() {}

  /** The project's service containers (not one-off {@code run} ones), by number within each service. */
  public static List<Map<String, Object>> of(Engine engine, String project, boolean all) throws IOException {
    List<Map<String, Object>> l = new ArrayList<>(engine.containers(List.of(Labels.projectFilter(project),
        Labels.ONEOFF + "=False"), all));
    l.sort(Comparator.comparing((Map<String, Object> c) -> service(c)).thenComparingInt(ProjectContainers::number));
    return l;
  }

  /** Every container of the project, one-off ones included. */
  public static List<Map<String, Object>> everything(Engine engine, String project) throws IOException {
    return engine.containers(List.of(Labels.projectFilter(project)), true);
  }

  public static Map<String, List<Map<String, Object>>> byService(List<Map<String, Object>> containers) {
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    for (Map<String, Object> c : containers) {
      out.computeIfAbsent(service(c), k -> new ArrayList<>()).add(c);
    }
    return out;
  }

  public static String label(Map<String, Object> c, String key) {
    return c.get("Labels") instanceof Map<?, ?> l && l.get(key) != null ? String.valueOf(l.get(key)) : "";
  }

  public static String service(Map<String, Object> c) {
    return label(c, Labels.SERVICE);
  }

  public static int number(Map<String, Object> c) {
    try {
      return Integer.parseInt(label(c, Labels.NUMBER));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The container's name without the leading slash. */
  public static String name(Map<String, Object> c) {
    if (c.get("Names") instanceof List<?> n && !n.isEmpty()) {
      String s = String.valueOf(n.get(0));
      return s.startsWith("/") ? s.substring(1) : s;
    }
    String s = String.valueOf(c.get("Name"));
    return s.startsWith("/") ? s.substring(1) : s;
  }

  public static String id(Map<String, Object> c) {
    return String.valueOf(c.get("Id"));
  }

  public static boolean running(Map<String, Object> c) {
    Object state = c.get("State");
    if (state instanceof Map<?, ?> s) {
      return Boolean.TRUE.equals(s.get("Running"));
    }
    return "running".equals(state) || "paused".equals(state) || "restarting".equals(state);
  }
}
