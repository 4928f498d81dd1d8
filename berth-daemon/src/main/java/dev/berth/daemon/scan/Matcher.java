package dev.berth.daemon.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import dev.berth.daemon.scan.version.VersionOrder;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Matches an SBOM against the advisory database. OS packages are looked up by their source
 * package in the distro's ecosystem ({@code Debian:12}), language packages by name in theirs
 * ({@code Maven}, {@code npm}, ...). The same vulnerability reported by two sources (the Debian
 * tracker's CVE and a DSA that aliases it) is shown once, the tracker's first.
 */
final class Matcher {
  private final AdvisoryDb db;

  Matcher(AdvisoryDb db) {
    this.db = db;
  }

  List<Finding> match(Sbom sbom) throws SQLException, IOException {
    List<Finding> out = new ArrayList<>();
    Map<String, Severity> severityCache = new HashMap<>();
    for (SbomEntry e : sbom.entries()) {
      Lookup l = lookup(e.pkg(), sbom.distro());
      if (l == null) {
        continue;
      }
      List<Advisory> advisories = new ArrayList<>(db.find(l.ecosystem(), l.name()));
      if (advisories.isEmpty()) {
        continue;
      }
      advisories.sort(Comparator.comparing((Advisory a) -> !a.kind().equals("debian")).thenComparing(Advisory::id));
      Set<String> seen = new HashSet<>();
      VersionOrder order = VersionOrder.forEcosystem(l.ecosystem());
      for (Advisory a : advisories) {
        List<String> aliases = a.aliases().isEmpty() ? List.of() : Arrays.asList(a.aliases().split(","));
        if (seen.contains(a.id()) || aliases.stream().anyMatch(seen::contains)) {
          continue;
        }
        JsonNode data = Json.plain().readTree(a.data());
        Verdict v = switch (a.kind()) {
          case "debian" -> DebianTrackerMatcher.evaluate(data, l.version());
          case "secdb" -> secdb(data, l.version(), order);
          default -> OsvMatcher.evaluate(data, l.version(), order, VersionOrder.forEcosystem("npm"));
        };
        if (!v.affected()) {
          continue;
        }
        seen.add(a.id());
        seen.addAll(aliases);
        Severity sev = Severity.of(a.severity());
        if (sev == Severity.UNKNOWN) {
          sev = severityCache.computeIfAbsent(a.id(), id -> {
            try {
              Severity s = Severity.of(db.severityOf(id));
              for (int i = 0; s == Severity.UNKNOWN && i < aliases.size(); i++) {
                s = Severity.of(db.severityOf(aliases.get(i)));
              }
              return s;
            } catch (SQLException ex) {
              return Severity.UNKNOWN;
            }
          });
        }
        out.add(new Finding(a.id(), aliases, sev, v.status(), v.fixedVersion(), a.summary(), a.kind(), e));
      }
    }
    return out;
  }

  private static Verdict secdb(JsonNode data, String installed, VersionOrder order) {
    String fixed = data.path("fixed").asText("");
    if (fixed.isEmpty() || fixed.equals("0") || order.compare(installed, fixed) >= 0) {
      return Verdict.NOT_AFFECTED;
    }
    return Verdict.fixedIn(fixed);
  }

  /** Where a package's advisories are filed: ecosystem, name, and the version to compare. */
  record Lookup(String ecosystem, String name, String version) {}

  static Lookup lookup(FoundPackage p, Distro distro) {
    return switch (p.type()) {
      case "deb", "apk", "rpm" -> distro.ecosystem().isEmpty() ? null
          : new Lookup(distro.ecosystem(), p.sourceName(), p.sourceVersion());
      case "maven" -> new Lookup("Maven", p.name(), p.version());
      case "npm" -> new Lookup("npm", p.name(), p.version());
      case "pypi" -> new Lookup("PyPI", OsvReader.pypiName(p.name()), p.version());
      case "golang" -> new Lookup("Go", p.name(), p.version().startsWith("v") ? p.version().substring(1) : p.version());
      case "cargo" -> new Lookup("crates.io", p.name(), p.version());
      default -> null;
    };
  }
}
