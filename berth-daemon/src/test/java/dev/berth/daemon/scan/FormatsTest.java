package dev.berth.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class FormatsTest {
  static final Distro DEBIAN = new Distro("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)");

  static Sbom sbom() {
    FoundPackage ssl = new FoundPackage("deb", "libssl3", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2", "amd64",
        "var/lib/dpkg/status");
    FoundPackage yaml = new FoundPackage("maven", "org.yaml:snakeyaml", "1.33", "org.yaml:snakeyaml", "1.33", "",
        "app/app.jar!BOOT-INF/lib/snakeyaml-1.33.jar");
    return new Sbom("sha256:" + "ab".repeat(32), List.of("app:1"), DEBIAN,
        List.of(new LayerInfo(0, "sha256:" + "01".repeat(32), "ADD rootfs.tar /", ""),
            new LayerInfo(1, "sha256:" + "02".repeat(32), "COPY app.jar /app/", "")),
        List.of(new SbomEntry(ssl, 0, Purls.of(ssl, DEBIAN)), new SbomEntry(yaml, 1, Purls.of(yaml, DEBIAN))), List.of());
  }

  static List<Finding> findings(Sbom s) {
    return List.of(new Finding("CVE-2022-1471", List.of("GHSA-mjmj-j48q-9wg2"), Severity.HIGH, "fixed", "2.0",
        "SnakeYaml Constructor deserialization", "osv", s.entries().get(1)));
  }

  @Test
  void purlsAsThePurlSpecWritesThem() {
    Sbom s = sbom();
    assertThat(s.entries().get(0).purl())
        .isEqualTo("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl");
    assertThat(s.entries().get(1).purl()).isEqualTo("pkg:maven/org.yaml/snakeyaml@1.33");
    FoundPackage npm = new FoundPackage("npm", "@types/node", "20.1.0", "@types/node", "20.1.0", "", "x");
    assertThat(Purls.of(npm, DEBIAN)).isEqualTo("pkg:npm/%40types/node@20.1.0");
  }

  @Test
  void cycloneDxValidatesAgainstTheSchemaAndCarriesLayersAndVulnerabilities() throws Exception {
    Sbom s = sbom();
    String doc = CycloneDxFormat.write(s, s.entries(), findings(s));
    List<?> errors = new JsonParser().validate(doc.getBytes(StandardCharsets.UTF_8), Version.VERSION_16);
    assertThat(errors).as(doc).isEmpty();
    JsonNode bom = Json.plain().readTree(doc);
    assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
    assertThat(bom.path("components").get(1).path("group").asText()).isEqualTo("org.yaml");
    assertThat(bom.path("components").get(1).path("properties").toString())
        .contains("berth:layer:diffID").contains("COPY app.jar /app/");
    assertThat(bom.path("vulnerabilities").get(0).path("affects").get(0).path("ref").asText())
        .isEqualTo(bom.path("components").get(1).path("bom-ref").asText());
    String sbomOnly = CycloneDxFormat.write(s, s.entries(), null);
    assertThat(new JsonParser().validate(sbomOnly.getBytes(StandardCharsets.UTF_8), Version.VERSION_16)).isEmpty();
  }

  @Test
  void spdxAndSarifShapes() throws Exception {
    Sbom s = sbom();
    JsonNode spdx = Json.plain().readTree(SpdxFormat.write(s, s.entries()));
    assertThat(spdx.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
    assertThat(spdx.path("packages")).hasSize(3);
    assertThat(spdx.path("packages").get(1).path("externalRefs").get(0).path("referenceLocator").asText())
        .startsWith("pkg:deb/debian/libssl3@");
    assertThat(spdx.path("relationships")).hasSize(3);
    for (JsonNode p : spdx.path("packages")) {
      assertThat(p.path("SPDXID").asText()).matches("SPDXRef-[A-Za-z0-9.-]+");
    }
    JsonNode sarif = Json.plain().readTree(SarifFormat.write(s, findings(s)));
    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
    JsonNode result = sarif.path("runs").get(0).path("results").get(0);
    assertThat(result.path("ruleId").asText()).isEqualTo("CVE-2022-1471");
    assertThat(result.path("level").asText()).isEqualTo("error");
    assertThat(result.path("message").path("text").asText()).contains("fixed in 2.0");
  }
}
