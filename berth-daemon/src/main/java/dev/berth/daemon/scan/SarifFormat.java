package dev.berth.daemon.scan;

import dev.berth.api.Json;
import dev.berth.daemon.server.Versions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0, which code-scanning dashboards (GitHub's among them) read: one rule per
 * vulnerability ID with its severity as {@code security-severity}, one result per affected
 * package, located at the file that declared the package.
 */
final class SarifFormat {
  private SarifFormat() {}

  static String write(Sbom sbom, List<Finding> findings) {
    Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
    List<Map<String, Object>> results = new ArrayList<>();
    for (Finding f : findings) {
      rules.computeIfAbsent(f.id(), id -> {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("name", "OsPackageVulnerability");
        r.put("shortDescription", Map.of("text", f.summary().isEmpty() ? id : f.summary()));
        r.put("helpUri", f.url());
        r.put("defaultConfiguration", Map.of("level", level(f.severity())));
        r.put("properties", Map.of("security-severity", score(f.severity()), "tags",
            List.of("vulnerability", "security", f.severity().label())));
        return r;
      });
      FoundPackage p = f.entry().pkg();
      String text = "Package " + p.name() + " " + p.version() + " is affected by " + f.id() + " (" + f.severity().label()
          + ")" + (f.fixedVersion().isEmpty() ? "; " + f.status() : "; fixed in " + f.fixedVersion());
      Map<String, Object> res = new LinkedHashMap<>();
      res.put("ruleId", f.id());
      res.put("level", level(f.severity()));
      res.put("message", Map.of("text", text));
      String layer = f.entry().layer() < sbom.layers().size() ? sbom.layers().get(f.entry().layer()).diffId() : "";
      res.put("locations", List.of(Map.of("physicalLocation", Map.of("artifactLocation", Map.of("uri", p.location())),
          "message", Map.of("text", (sbom.tags().isEmpty() ? sbom.imageId() : sbom.tags().get(0)) + ": layer "
              + f.entry().layer() + " " + layer))));
      results.add(res);
    }
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "berth");
    driver.put("version", Versions.BERTH);
    driver.put("informationUri", "https://berth.dev");
    driver.put("rules", new ArrayList<>(rules.values()));
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("results", results);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", "2.1.0");
    doc.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    doc.put("runs", List.of(run));
    return Json.toString(doc);
  }

  private static String level(Severity s) {
    return switch (s) { case CRITICAL, HIGH -> "error"; case MEDIUM -> "warning"; default -> "note"; };
  }

  private static String score(Severity s) {
    return switch (s) { case CRITICAL -> "9.5"; case HIGH -> "8.0"; case MEDIUM -> "5.5"; case LOW -> "2.0"; default -> "0.0"; };
  }
}
