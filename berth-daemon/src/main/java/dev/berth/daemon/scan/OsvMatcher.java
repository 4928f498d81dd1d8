package dev.berth.daemon.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.scan.version.VersionOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * OSV's affected-range evaluation: per range, events sorted by version ({@code introduced: "0"}
 * first) switch "affected" on at {@code introduced} and off at {@code fixed} (or past
 * {@code last_affected}); a {@code limit} caps the range; the explicit {@code versions} list counts
 * too. GIT ranges name commits, not versions, and are skipped.
 */
final class OsvMatcher {
  private OsvMatcher() {}

  private record Event(String kind, String version) {}

  /** {@code entries} is the stored {@code [{ranges, versions}]} of one package. */
  static Verdict evaluate(JsonNode entries, String installed, VersionOrder ecosystemOrder, VersionOrder semver) {
    Verdict best = Verdict.NOT_AFFECTED;
    for (JsonNode entry : entries) {
      for (JsonNode v : entry.path("versions")) {
        if (v.asText().equals(installed)) {
          best = better(best, Verdict.unfixed("not fixed"));
        }
      }
      for (JsonNode range : entry.path("ranges")) {
        String type = range.path("type").asText("");
        if (type.equals("GIT")) {
          continue;
        }
        VersionOrder order = type.equals("SEMVER") ? semver : ecosystemOrder;
        best = better(best, range(range.path("events"), installed, order));
      }
    }
    return best;
  }

  /** An answer with a fixed version wins over one without: the user wants to know what to upgrade to. */
  private static Verdict better(Verdict a, Verdict b) {
    if (!b.affected()) {
      return a;
    }
    if (!a.affected() || a.fixedVersion().isEmpty() && !b.fixedVersion().isEmpty()) {
      return b;
    }
    return a;
  }

  static Verdict range(JsonNode eventsJson, String v, VersionOrder order) {
    List<Event> events = new ArrayList<>();
    for (JsonNode e : eventsJson) {
      for (String kind : List.of("introduced", "fixed", "last_affected", "limit")) {
        if (e.hasNonNull(kind)) {
          events.add(new Event(kind, e.get(kind).asText()));
        }
      }
    }
    for (Event e : events) {
      if (e.kind().equals("limit") && !e.version().equals("*") && order.compare(v, e.version()) >= 0) {
        return Verdict.NOT_AFFECTED;
      }
    }
    events.removeIf(e -> e.kind().equals("limit"));
    events.sort((a, b) -> {
      boolean az = a.kind().equals("introduced") && a.version().equals("0");
      boolean bz = b.kind().equals("introduced") && b.version().equals("0");
      if (az || bz) {
        return az == bz ? 0 : az ? -1 : 1;
      }
      return order.compare(a.version(), b.version());
    });
    boolean affected = false;
    for (Event e : events) {
      switch (e.kind()) {
        case "introduced" -> {
          if (e.version().equals("0") || order.compare(v, e.version()) >= 0) {
            affected = true;
          }
        }
        case "fixed" -> {
          if (order.compare(v, e.version()) >= 0) {
            affected = false;
          }
        }
        default -> { // last_affected
          if (order.compare(v, e.version()) > 0) {
            affected = false;
          }
        }
      }
    }
    if (!affected) {
      return Verdict.NOT_AFFECTED;
    }
    for (Event e : events) {
      if (e.kind().equals("fixed") && order.compare(e.version(), v) > 0) {
        return Verdict.fixedIn(e.version());
      }
    }
    return Verdict.unfixed("not fixed");
  }
}
