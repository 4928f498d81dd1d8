package dev.berth.daemon.scan;

import dev.berth.daemon.server.Versions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;
import org.cyclonedx.model.vulnerability.Vulnerability;

/**
 * CycloneDX 1.6 JSON through cyclonedx-core-java: the image as the metadata component, each
 * package a component with its purl and its layer (index, diff ID and the history line that made
 * it) as properties; for a scan, the vulnerabilities too, each pointing at its component.
 */
final class CycloneDxFormat {
  private CycloneDxFormat() {}

  static String write(Sbom sbom, List<SbomEntry> entries, List<Finding> findings) {
    Bom bom = new Bom();
    bom.setSerialNumber("urn:uuid:" + UUID.randomUUID());
    bom.setVersion(1);
    Metadata meta = new Metadata();
    meta.setTimestamp(new Date());
    Component tool = new Component();
    tool.setType(Component.Type.APPLICATION);
    tool.setName("berth");
    tool.setVersion(Versions.BERTH);
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(tool));
    meta.setToolChoice(tools);
    Component image = new Component();
    image.setType(Component.Type.CONTAINER);
    image.setBomRef(sbom.imageId());
    image.setName(sbom.tags().isEmpty() ? sbom.imageId() : sbom.tags().get(0));
    image.setVersion(sbom.imageId());
    if (sbom.distro().known()) {
      image.addProperty(new Property("berth:distro", sbom.distro().id() + " " + sbom.distro().versionId()));
    }
    meta.setComponent(image);
    bom.setMetadata(meta);
    List<Component> components = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      components.add(component(sbom, entries.get(i), ref(entries.get(i))));
    }
    bom.setComponents(components);
    if (findings != null) {
      List<Vulnerability> vulns = new ArrayList<>();
      for (Finding f : findings) {
        vulns.add(vulnerability(f));
      }
      bom.setVulnerabilities(vulns);
    }
    try {
      return BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString();
    } catch (org.cyclonedx.exception.GeneratorException e) {
      throw new IllegalStateException("cannot write CycloneDX: " + e.getMessage(), e);
    }
  }

  /** A component's bom-ref: its purl, with the file it came from (one jar may sit in two places). */
  static String ref(SbomEntry e) {
    return e.purl() + "#" + e.pkg().location();
  }

  private static Component component(Sbom sbom, SbomEntry e, String ref) {
    FoundPackage p = e.pkg();
    Component c = new Component();
    c.setType(Component.Type.LIBRARY);
    c.setBomRef(ref);
    String name = p.name();
    if (p.type().equals("maven") && name.contains(":")) {
      c.setGroup(name.substring(0, name.indexOf(':')));
      name = name.substring(name.indexOf(':') + 1);
    }
    c.setName(name);
    c.setVersion(p.version());
    if (!e.purl().isEmpty()) {
      c.setPurl(e.purl());
    }
    c.addProperty(new Property("berth:package:type", p.type()));
    if (!p.sourceName().equals(p.name()) || !p.sourceVersion().equals(p.version())) {
      c.addProperty(new Property("berth:package:source", p.sourceName() + " " + p.sourceVersion()));
    }
    c.addProperty(new Property("berth:location", p.location()));
    if (e.layer() < sbom.layers().size()) {
      LayerInfo l = sbom.layers().get(e.layer());
      c.addProperty(new Property("berth:layer:index", Integer.toString(l.index())));
      c.addProperty(new Property("berth:layer:diffID", l.diffId()));
      if (!l.createdBy().isEmpty()) {
        c.addProperty(new Property("berth:layer:createdBy", l.createdBy()));
      }
    }
    return c;
  }

  private static Vulnerability vulnerability(Finding f) {
    Vulnerability v = new Vulnerability();
    v.setId(f.id());
    v.setBomRef(f.id() + "#" + ref(f.entry()));
    Vulnerability.Source src = new Vulnerability.Source();
    src.setName(switch (f.source()) { case "debian" -> "Debian Security Tracker"; case "secdb" -> "Alpine secdb";
      default -> "OSV"; });
    src.setUrl(f.url());
    v.setSource(src);
    Vulnerability.Rating rating = new Vulnerability.Rating();
    rating.setSeverity(switch (f.severity()) {
      case CRITICAL -> Vulnerability.Rating.Severity.CRITICAL;
      case HIGH -> Vulnerability.Rating.Severity.HIGH;
      case MEDIUM -> Vulnerability.Rating.Severity.MEDIUM;
      case LOW -> Vulnerability.Rating.Severity.LOW;
      default -> Vulnerability.Rating.Severity.UNKNOWN;
    });
    v.setRatings(List.of(rating));
    if (!f.summary().isEmpty()) {
      v.setDescription(f.summary());
    }
    if (!f.fixedVersion().isEmpty()) {
      v.setRecommendation("Upgrade " + f.entry().pkg().name() + " to " + f.fixedVersion());
    }
    Vulnerability.Affect affect = new Vulnerability.Affect();
    affect.setRef(ref(f.entry()));
    Vulnerability.Version ver = new Vulnerability.Version();
    ver.setVersion(f.entry().pkg().version());
    ver.setStatus(Vulnerability.Version.Status.AFFECTED);
    affect.setVersions(List.of(ver));
    v.setAffects(List.of(affect));
    List<Property> props = new ArrayList<>();
    props.add(new Property("berth:status", f.status()));
    if (!f.fixedVersion().isEmpty()) {
      props.add(new Property("berth:fixedVersion", f.fixedVersion()));
    }
    v.setProperties(props);
    return v;
  }
}
