package dev.berth.daemon.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one OSV record (ossf/osv-schema) into stored advisories, one per affected package: its
 * ranges and explicit versions kept as JSON for {@link OsvMatcher}, its severity taken from
 * {@code database_specific.severity} or else from a CVSS 3 vector's score. Withdrawn records are
 * left out.
 */
final class OsvReader {
  private OsvReader() {}

  static int emit(JsonNode osv, AdvisoryDb.Sink sink) throws SQLException, AdvisoryFormatException {
    if (!osv.isObject() || !osv.path("id").isTextual()) {
      throw new AdvisoryFormatException("an OSV record without an \"id\"");
    }
    if (osv.hasNonNull("withdrawn")) {
      return 0;
    }
    String id = osv.get("id").asText();
    List<String> aliases = new ArrayList<>();
    osv.path("aliases").forEach(a -> aliases.add(a.asText()));
    String summary = summary(osv);
    String recordSeverity = severity(osv);
    Map<String, ArrayNode> byPackage = new LinkedHashMap<>();
    Map<String, String> severityByPackage = new LinkedHashMap<>();
    for (JsonNode aff : osv.path("affected")) {
      String eco = aff.path("package").path("ecosystem").asText("");
      String name = aff.path("package").path("name").asText("");
      if (eco.isEmpty() || name.isEmpty()) {
        continue;
      }
      if (eco.equals("PyPI")) {
        name = pypiName(name);
      }
      String key = eco + "\u0000" + name;
      ObjectNode entry = JsonNodeFactory.instance.objectNode();
      entry.set("ranges", aff.path("ranges").isArray() ? aff.get("ranges") : JsonNodeFactory.instance.arrayNode());
      entry.set("versions", aff.path("versions").isArray() ? aff.get("versions") : JsonNodeFactory.instance.arrayNode());
      byPackage.computeIfAbsent(key, k -> JsonNodeFactory.instance.arrayNode()).add(entry);
      String s = Severity.of(aff.path("ecosystem_specific").path("severity").asText(
          aff.path("database_specific").path("severity").asText(""))).label();
      if (!s.equals("unknown")) {
        severityByPackage.putIfAbsent(key, s);
      }
    }
    for (Map.Entry<String, ArrayNode> e : byPackage.entrySet()) {
      String[] k = e.getKey().split("\u0000", 2);
      String sev = recordSeverity.equals("unknown") ? severityByPackage.getOrDefault(e.getKey(), "unknown") : recordSeverity;
      sink.add(new Advisory("osv", id, k[0], k[1], String.join(",", aliases), sev, summary, e.getValue().toString()));
    }
    return byPackage.size();
  }

  /** PEP 503's normalized name: what PyPI advisories and installed distributions are compared by. */
  static String pypiName(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[-_.]+", "-");
  }

  private static String severity(JsonNode osv) {
    Severity s = Severity.of(osv.path("database_specific").path("severity").asText(""));
    if (s != Severity.UNKNOWN) {
      return s.label();
    }
    for (JsonNode sev : osv.path("severity")) {
      String type = sev.path("type").asText("");
      String score = sev.path("score").asText("");
      if (type.equals("CVSS_V3")) {
        double v = Cvss3.score(score);
        if (v >= 0) {
          return Severity.ofScore(v).label();
        }
      }
      try {
        return Severity.ofScore(Double.parseDouble(score)).label();
      } catch (NumberFormatException notANumber) {
        // a vector of a kind not scored here (CVSS 4)
      }
    }
    return Severity.UNKNOWN.label();
  }

  static String summary(JsonNode osv) {
    String s = osv.path("summary").asText("");
    if (s.isEmpty()) {
      s = osv.path("details").asText("").strip();
      int nl = s.indexOf('\n');
      if (nl >= 0) {
        s = s.substring(0, nl);
      }
    }
    return s.length() > 240 ? s.substring(0, 237) + "..." : s;
  }
}
