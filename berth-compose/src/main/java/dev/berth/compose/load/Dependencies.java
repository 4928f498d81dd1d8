package dev.berth.compose.load;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code depends_on} graph: every dependency must name a service of the project, and the
 * graph must have no cycle; {@link #order} gives services with their dependencies first.
 */
public final class Dependencies {
  private Dependencies() {}

  public static void check(Map<String, Object> canonical) {
    Map<String, Object> services = Types.map(canonical.get("services"), "services");
    for (Map.Entry<String, Object> e : services.entrySet()) {
      for (Map.Entry<String, Object> d : Types.map(Types.map(e.getValue(), "").get("depends_on"), "").entrySet()) {
        boolean required = !(d.getValue() instanceof Map<?, ?> m) || !Boolean.FALSE.equals(m.get("required"));
        if (!services.containsKey(d.getKey()) && required) {
          throw new ComposeException("service \"" + e.getKey() + "\" depends on undefined service \"" + d.getKey()
              + "\": invalid compose project");
        }
      }
    }
    order(canonical, new ArrayList<>(services.keySet()));
  }

  /** The given services and everything they depend on, dependencies first. */
  public static List<String> order(Map<String, Object> canonical, List<String> wanted) {
    Map<String, Object> services = Types.map(canonical.get("services"), "services");
    List<String> out = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (String s : wanted) {
      visit(services, s, out, done, new ArrayList<>());
    }
    return out;
  }

  private static void visit(Map<String, Object> services, String s, List<String> out, Set<String> done, List<String> path) {
    if (done.contains(s) || !services.containsKey(s)) {
      return;
    }
    if (path.contains(s)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(s), path.size()));
      cycle.add(s);
      throw new ComposeException("dependency cycle detected: " + String.join(" -> ", cycle));
    }
    path.add(s);
    for (String d : Types.map(Types.map(services.get(s), "").get("depends_on"), "").keySet()) {
      visit(services, d, out, done, path);
    }
    path.remove(path.size() - 1);
    done.add(s);
    out.add(s);
  }
}
