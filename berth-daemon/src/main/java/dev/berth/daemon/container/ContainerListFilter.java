package dev.berth.daemon.container;

import dev.berth.api.Filters;
import dev.berth.daemon.image.ImageService;
import dev.berth.daemon.server.ApiException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The filters of {@code GET /containers/json}: id, name, label, status, health, ancestor, exited, before, since. */
final class ContainerListFilter {
  private static final Set<String> KNOWN = Set.of("id", "name", "label", "label!", "status", "ancestor", "exited",
      "before", "since", "health", "volume");
  private static final List<String> HEALTHS = List.of(HealthState.NONE, HealthState.STARTING, HealthState.HEALTHY,
      HealthState.UNHEALTHY);
  private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused",
      "exited", "dead");

  private final Filters filters;
  private final Set<String> ancestorIds;

  ContainerListFilter(Filters filters, ImageService images) throws java.sql.SQLException {
    this.filters = filters;
    filters.requireKnown(KNOWN);
    for (String s : filters.get("status")) {
      if (!STATUSES.contains(s)) {
        throw ApiException.badRequest("invalid filter 'status=" + s + "'");
      }
    }
    for (String h : filters.get("health")) {
      if (!HEALTHS.contains(h)) {
        throw ApiException.badRequest("invalid filter 'health=" + h + "': invalid value for health (" + h
            + "): must be one of " + String.join(", ", HEALTHS));
      }
    }
    for (String e : filters.get("exited")) {
      try {
        Integer.parseInt(e);
      } catch (NumberFormatException ex) {
        throw ApiException.badRequest("invalid filter 'exited=" + e + "'");
      }
    }
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (String a : filters.get("ancestor")) {
      var r = images.find(a);
      if (r != null) {
        ids.add(r.id());
      }
    }
    this.ancestorIds = ids;
  }

  /** Whether the filters' status set asks for stopped containers too (implies --all). */
  boolean wantsAll() {
    return filters.has("status") || filters.has("exited");
  }

  boolean matches(Container c) {
    if (filters.has("id") && filters.get("id").stream().noneMatch(c.id::startsWith)) {
      return false;
    }
    if (filters.has("name") && filters.get("name").stream().noneMatch(n -> nameMatches(n, c.name))) {
      return false;
    }
    if (!filters.matchesLabels("label", ContainerViews.labels(c))) {
      return false;
    }
    if (filters.has("status") && !filters.get("status").contains(c.state.status)) {
      return false;
    }
    if (filters.has("health") && !filters.get("health").contains(health(c))) {
      return false;
    }
    if (filters.has("exited") && (!c.state.status.equals("exited")
        || !filters.get("exited").contains(Integer.toString(c.state.exitCode)))) {
      return false;
    }
    if (filters.has("volume") && filters.get("volume").stream().noneMatch(v -> VolumeMounts.mountsOf(c).stream()
        .anyMatch(m -> m.name().equals(v) || m.destination().equals(v) || m.source().equals(v)))) {
      return false;
    }
    if (filters.has("ancestor")) {
      boolean byId = ancestorIds.contains(c.imageId);
      boolean byName = filters.get("ancestor").stream().anyMatch(a -> a.equals(c.image));
      if (!byId && !byName) {
        return false;
      }
    }
    return true;
  }

  /** As Docker: "none" for a container that never ran a health check. */
  private static String health(Container c) {
    HealthState h = c.state.health;
    return h == null ? HealthState.NONE : h.status;
  }

  List<String> before() {
    return filters.get("before");
  }

  List<String> since() {
    return filters.get("since");
  }

  /** Docker matches names as a regular expression against "/name". */
  private static boolean nameMatches(String pattern, String name) {
    try {
      return Pattern.compile(pattern).matcher("/" + name).find();
    } catch (PatternSyntaxException e) {
      return ("/" + name).contains(pattern);
    }
  }
}
