package dev.berth.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import dev.berth.daemon.scan.version.DpkgVersion;
import dev.berth.daemon.scan.version.NaturalVersion;
import org.junit.jupiter.api.Test;

class MatchingTest {
  private static JsonNode json(String s) throws Exception {
    return Json.plain().readTree(s);
  }

  private static Verdict range(String events, String v) throws Exception {
    return OsvMatcher.range(json(events), v, DpkgVersion.ORDER);
  }

  @Test
  void osvRangesIntroducedFixedLastAffectedAndLimit() throws Exception {
    String fixed = "[{\"introduced\":\"0\"},{\"fixed\":\"1.0-2\"}]";
    assertThat(range(fixed, "1.0-1")).isEqualTo(Verdict.fixedIn("1.0-2"));
    assertThat(range(fixed, "1.0-2").affected()).isFalse();
    assertThat(range(fixed, "1.0-1~deb12u1")).isEqualTo(Verdict.fixedIn("1.0-2"));

    String two = "[{\"introduced\":\"1.0\"},{\"fixed\":\"1.5\"},{\"introduced\":\"2.0\"},{\"fixed\":\"2.3\"}]";
    assertThat(range(two, "0.9").affected()).isFalse();
    assertThat(range(two, "1.2")).isEqualTo(Verdict.fixedIn("1.5"));
    assertThat(range(two, "1.7").affected()).isFalse();
    assertThat(range(two, "2.1")).isEqualTo(Verdict.fixedIn("2.3"));

    String last = "[{\"introduced\":\"1.0\"},{\"last_affected\":\"1.4\"}]";
    assertThat(range(last, "1.4")).isEqualTo(Verdict.unfixed("not fixed"));
    assertThat(range(last, "1.4.1").affected()).isFalse();

    String limited = "[{\"introduced\":\"0\"},{\"limit\":\"3.0\"}]";
    assertThat(range(limited, "2.9").affected()).isTrue();
    assertThat(range(limited, "3.0").affected()).isFalse();
  }

  @Test
  void theVersionsListCountsAndGitRangesAreSkipped() throws Exception {
    JsonNode entries = json("""
        [{"ranges":[{"type":"GIT","events":[{"introduced":"0"},{"fixed":"abc123"}]}],"versions":["1.1","1.2"]}]""");
    assertThat(OsvMatcher.evaluate(entries, "1.2", NaturalVersion.ORDER, NaturalVersion.ORDER).affected()).isTrue();
    assertThat(OsvMatcher.evaluate(entries, "1.3", NaturalVersion.ORDER, NaturalVersion.ORDER).affected()).isFalse();
  }

  @Test
  void debianTrackerStatuses() throws Exception {
    assertThat(DebianTrackerMatcher.evaluate(json("{\"status\":\"resolved\",\"fixed_version\":\"2.0-2\"}"), "2.0-1"))
        .isEqualTo(Verdict.fixedIn("2.0-2"));
    assertThat(DebianTrackerMatcher.evaluate(json("{\"status\":\"resolved\",\"fixed_version\":\"2.0-2\"}"), "2.0-2")
        .affected()).isFalse();
    assertThat(DebianTrackerMatcher.evaluate(json("{\"status\":\"resolved\",\"fixed_version\":\"0\"}"), "1").affected())
        .isFalse();
    assertThat(DebianTrackerMatcher.evaluate(json("{\"status\":\"open\",\"nodsa_reason\":\"ignored\"}"), "1").status())
        .isEqualTo("will not fix");
    assertThat(DebianTrackerMatcher.evaluate(json("{\"status\":\"open\"}"), "1").status()).isEqualTo("not fixed");
    assertThat(DebianTrackerMatcher.evaluate(json("{\"status\":\"open\",\"urgency\":\"end-of-life\"}"), "1").status())
        .isEqualTo("end of life");
    assertThat(DebianTrackerMatcher.evaluate(json("{\"status\":\"undetermined\"}"), "1").status())
        .isEqualTo("undetermined");
  }

  @Test
  void cvss3BaseScores() {
    assertThat(Cvss3.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).isEqualTo(9.8);
    assertThat(Cvss3.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N")).isEqualTo(6.1);
    assertThat(Cvss3.score("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N")).isEqualTo(5.5);
    assertThat(Cvss3.score("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:N")).isEqualTo(0.0);
    assertThat(Cvss3.score("CVSS:4.0/AV:N")).isEqualTo(-1);
  }
}
