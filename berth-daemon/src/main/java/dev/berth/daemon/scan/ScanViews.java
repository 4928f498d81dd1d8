package dev.berth.daemon.scan;

import dev.berth.daemon.util.Times;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Berth's own JSON shapes for SBOMs, scan reports and the database status: what the CLI's tables
 * are drawn from and what {@code --format json} prints.
 */
final class ScanViews {
  private ScanViews() {}

  static Map<String, Object> sbom(Sbom s, ScanFilter filter, int baseLayers) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", Map.of("id", s.imageId(), "tags", s.tags()));
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", s.distro().id());
    d.put("versionId", s.distro().versionId());
    d.put("prettyName", s.distro().prettyName());
    d.put("ecosystem", s.distro().ecosystem());
    m.put("distro", d);
    List<Map<String, Object>> layers = new ArrayList<>();
    for (LayerInfo l : s.layers()) {
      Map<String, Object> lm = new LinkedHashMap<>();
      lm.put("index", l.index());
      lm.put("diffId", l.diffId());
      lm.put("createdBy", l.createdBy());
      lm.put("created", l.created());
      lm.put("base", l.index() < baseLayers);
      layers.add(lm);
    }
    m.put("layers", layers);
    List<Map<String, Object>> pkgs = new ArrayList<>();
    for (SbomEntry e : s.entries()) {
      if (filter.keepsPackage(e, baseLayers)) {
        pkgs.add(pkg(e));
      }
    }
    m.put("packages", pkgs);
    m.put("warnings", s.warnings());
    return m;
  }

  static Map<String, Object> pkg(SbomEntry e) {
    FoundPackage p = e.pkg();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", p.type());
    m.put("name", p.name());
    m.put("version", p.version());
    m.put("sourceName", p.sourceName());
    m.put("sourceVersion", p.sourceVersion());
    m.put("arch", p.arch());
    m.put("purl", e.purl());
    m.put("layer", e.layer());
    m.put("location", p.location());
    return m;
  }

  static Map<String, Object> report(ScanReport r, ScanFilter filter) {
    Map<String, Object> m = sbom(r.sbom(), filter, r.baseLayers());
    m.put("database", Map.of("version", r.dbVersion(), "advisories", r.advisories()));
    List<Finding> findings = filter.apply(r.findings(), r.baseLayers());
    List<Map<String, Object>> vulns = new ArrayList<>();
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      counts.put(s, 0);
    }
    for (Finding f : findings) {
      counts.merge(f.severity(), 1, Integer::sum);
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", f.id());
      v.put("aliases", f.aliases());
      v.put("severity", f.severity().label());
      v.put("status", f.status());
      v.put("fixedVersion", f.fixedVersion());
      v.put("summary", f.summary());
      v.put("source", f.source());
      v.put("url", f.url());
      v.put("package", pkg(f.entry()));
      vulns.add(v);
    }
    m.put("vulnerabilities", vulns);
    Map<String, Object> summary = new LinkedHashMap<>();
    counts.forEach((k, v) -> summary.put(k.label(), v));
    m.put("summary", summary);
    return m;
  }

  static Map<String, Object> status(AdvisoryDb db) throws java.sql.SQLException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", db.version());
    List<Map<String, Object>> loads = new ArrayList<>();
    for (AdvisoryDb.Load l : db.loads()) {
      loads.add(load(l));
    }
    m.put("loads", loads);
    m.put("ecosystems", db.countsByEcosystem());
    return m;
  }

  static Map<String, Object> load(AdvisoryDb.Load l) {
    Map<String, Object> lm = new LinkedHashMap<>();
    lm.put("id", l.id());
    lm.put("source", l.source());
    lm.put("format", l.format());
    lm.put("loadedAt", Times.rfc3339Seconds(java.time.Instant.ofEpochMilli(l.loadedAt())));
    lm.put("records", l.records());
    return lm;
  }
}
