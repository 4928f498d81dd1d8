package dev.berth.daemon.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.scan.version.DpkgVersion;

/**
 * The Debian security tracker's verdict for one source package in one release: {@code resolved}
 * with a fixed version (affected below it; {@code "0"} = never affected), {@code open} (no fix yet,
 * or {@code will not fix} when the security team marked it ignored; {@code end of life} when the
 * package is out of security support), {@code undetermined}.
 */
final class DebianTrackerMatcher {
  private DebianTrackerMatcher() {}

  static Verdict evaluate(JsonNode data, String installed) {
    String status = data.path("status").asText("");
    String fixed = data.path("fixed_version").asText("");
    String urgency = data.path("urgency").asText("");
    if (urgency.equals("end-of-life")) {
      return Verdict.unfixed("end of life");
    }
    switch (status) {
      case "resolved" -> {
        if (fixed.isEmpty() || fixed.equals("0") || DpkgVersion.compare(installed, fixed) >= 0) {
          return Verdict.NOT_AFFECTED;
        }
        return Verdict.fixedIn(fixed);
      }
      case "open" -> {
        return Verdict.unfixed(data.path("nodsa_reason").asText("").equals("ignored") ? "will not fix" : "not fixed");
      }
      case "undetermined" -> {
        return Verdict.unfixed("undetermined");
      }
      default -> {
        return Verdict.NOT_AFFECTED;
      }
    }
  }
}
