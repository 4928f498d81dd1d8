package dev.berth.daemon.scan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;

/**
 * The Debian security tracker's JSON ({@code {srcpkg: {CVE: {description, releases: {bookworm:
 * {status, fixed_version, urgency, nodsa, nodsa_reason}}}}}}), read one source package at a time
 * so that the whole file (tens of megabytes) is never held. Each release becomes the ecosystem
 * {@code Debian:<number>}, as OSV names it.
 */
final class DebianTrackerReader {
  private DebianTrackerReader() {}

  /** Reads the rest of the top-level object; the parser stands on the first package's name. */
  static void emit(JsonParser p, AdvisoryDb.Sink sink) throws IOException, SQLException, AdvisoryFormatException {
    while (p.currentToken() == JsonToken.FIELD_NAME) {
      String srcpkg = p.currentName();
      p.nextToken();
      JsonNode cves = Json.plain().readTree(p);
      if (!cves.isObject()) {
        throw new AdvisoryFormatException("Debian tracker: package \"" + srcpkg + "\" is not an object of CVEs");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = cves.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> cve = it.next();
        JsonNode releases = cve.getValue().path("releases");
        String description = cve.getValue().path("description").asText("");
        if (description.length() > 240) {
          description = description.substring(0, 237) + "...";
        }
        for (Iterator<Map.Entry<String, JsonNode>> r = releases.fields(); r.hasNext();) {
          Map.Entry<String, JsonNode> rel = r.next();
          JsonNode info = rel.getValue();
          ObjectNode data = JsonNodeFactory.instance.objectNode();
          data.put("status", info.path("status").asText(""));
          data.put("fixed_version", info.path("fixed_version").asText(""));
          data.put("urgency", info.path("urgency").asText(""));
          data.put("nodsa", info.path("nodsa").asText(""));
          data.put("nodsa_reason", info.path("nodsa_reason").asText(""));
          sink.add(new Advisory("debian", cve.getKey(), "Debian:" + Distro.debianRelease(rel.getKey()), srcpkg, "",
              Severity.of(info.path("urgency").asText("")).label(), description, data.toString()));
        }
      }
      p.nextToken();
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw new AdvisoryFormatException("Debian tracker: unexpected " + p.currentToken());
    }
  }
}
