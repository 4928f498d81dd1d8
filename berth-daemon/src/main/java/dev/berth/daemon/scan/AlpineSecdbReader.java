package dev.berth.daemon.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Alpine's secdb ({@code {distroversion: "v3.19", packages: [{pkg: {name, secfixes: {"1.2.3-r0":
 * ["CVE-..."]}}}]}}): each CVE a fixed version names becomes an advisory in {@code Alpine:v3.19},
 * fixed at the first version that lists it. {@code "0"} means the package was never affected.
 */
final class AlpineSecdbReader {
  private AlpineSecdbReader() {}

  static void emit(JsonNode secdb, AdvisoryDb.Sink sink) throws SQLException, AdvisoryFormatException {
    String release = secdb.path("distroversion").asText("");
    if (release.isEmpty() || !secdb.path("packages").isArray()) {
      throw new AdvisoryFormatException("Alpine secdb: no \"distroversion\" or \"packages\"");
    }
    String eco = "Alpine:" + (release.startsWith("v") ? release : "v" + release);
    for (JsonNode entry : secdb.get("packages")) {
      JsonNode pkg = entry.path("pkg");
      String name = pkg.path("name").asText("");
      if (name.isEmpty()) {
        continue;
      }
      Set<String> seen = new HashSet<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = pkg.path("secfixes").fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> fix = it.next();
        for (JsonNode id : fix.getValue()) {
          String cve = id.asText("").strip().split("\\s+")[0];
          if (cve.isEmpty() || !seen.add(cve)) {
            continue;
          }
          sink.add(new Advisory("secdb", cve, eco, name, "", "unknown", "",
              JsonNodeFactory.instance.objectNode().put("fixed", fix.getKey()).toString()));
        }
      }
    }
  }
}
