package dev.berth.daemon.scan;

import dev.berth.api.Json;
import dev.berth.daemon.server.Versions;
import dev.berth.daemon.util.Times;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SPDX 2.3 JSON: the image as a CONTAINER package the document describes and CONTAINS every
 * found package, each with its purl as a package-manager external reference and its layer in
 * {@code sourceInfo}. Licenses are not read, so they are NOASSERTION, as the specification asks.
 */
final class SpdxFormat {
  private SpdxFormat() {}

  static String write(Sbom sbom, List<SbomEntry> entries) {
    Map<String, Object> doc = new LinkedHashMap<>();
    String name = sbom.tags().isEmpty() ? sbom.imageId() : sbom.tags().get(0);
    doc.put("spdxVersion", "SPDX-2.3");
    doc.put("dataLicense", "CC0-1.0");
    doc.put("SPDXID", "SPDXRef-DOCUMENT");
    doc.put("name", name);
    doc.put("documentNamespace", "https://berth.dev/spdx/" + sbom.imageId().replace("sha256:", "") + "-" + UUID.randomUUID());
    doc.put("creationInfo", Map.of("created", Times.rfc3339Seconds(Instant.now().truncatedTo(ChronoUnit.SECONDS)),
        "creators", List.of("Tool: berth-" + Versions.BERTH)));
    List<Map<String, Object>> packages = new ArrayList<>();
    List<Map<String, Object>> rels = new ArrayList<>();
    Map<String, Object> image = pkg("SPDXRef-Image", name, sbom.imageId());
    image.put("primaryPackagePurpose", "CONTAINER");
    packages.add(image);
    rels.add(rel("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image"));
    for (int i = 0; i < entries.size(); i++) {
      SbomEntry e = entries.get(i);
      String id = "SPDXRef-Package-" + e.pkg().type() + "-" + (i + 1);
      Map<String, Object> p = pkg(id, e.pkg().name(), e.pkg().version());
      if (!e.purl().isEmpty()) {
        p.put("externalRefs", List.of(Map.of("referenceCategory", "PACKAGE-MANAGER", "referenceType", "purl",
            "referenceLocator", e.purl())));
      }
      if (e.layer() < sbom.layers().size()) {
        LayerInfo l = sbom.layers().get(e.layer());
        p.put("sourceInfo", "layer " + l.index() + " " + l.diffId() + (l.createdBy().isEmpty() ? "" : ": " + l.createdBy())
            + "; from " + e.pkg().location());
      }
      p.put("primaryPackagePurpose", "LIBRARY");
      packages.add(p);
      rels.add(rel("SPDXRef-Image", "CONTAINS", id));
    }
    doc.put("packages", packages);
    doc.put("relationships", rels);
    return Json.toString(doc);
  }

  private static Map<String, Object> pkg(String id, String name, String version) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", name);
    p.put("SPDXID", id);
    p.put("versionInfo", version);
    p.put("downloadLocation", "NOASSERTION");
    p.put("filesAnalyzed", false);
    p.put("licenseConcluded", "NOASSERTION");
    p.put("licenseDeclared", "NOASSERTION");
    p.put("copyrightText", "NOASSERTION");
    return p;
  }

  private static Map<String, Object> rel(String a, String type, String b) {
    return Map.of("spdxElementId", a, "relationshipType", type, "relatedSpdxElement", b);
  }
}
