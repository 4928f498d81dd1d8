package dev.berth.daemon.scan;

import dev.berth.daemon.image.ImageRecord;
import dev.berth.daemon.image.ImageService;
import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Image scanning in berthd: SBOMs of local images, their match against the advisory database, and
 * loads into that database. SBOMs are cached per image ID (an image never changes), scan results
 * per image ID and database version, so the second request for either is answered from memory.
 */
public final class ScanService implements AutoCloseable {
  private static final int CACHE_ENTRIES = 64;
  private final ImageService images;
  private final AdvisoryDb db;
  private final SbomBuilder builder;
  private final Matcher matcher;
  private final Map<String, Sbom> sboms = lru();
  private final Map<String, ScanReport> reports = lru();

  public ScanService(ImageService images, Path dataRoot) throws SQLException, IOException {
    this.images = images;
    this.db = new AdvisoryDb(dataRoot.resolve("scan").resolve("advisories.db"));
    this.builder = new SbomBuilder(images.layers(), Cataloguers.all(), Cataloguers.files());
    this.matcher = new Matcher(db);
  }

  private static <V> Map<String, V> lru() {
    return java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > CACHE_ENTRIES;
      }
    });
  }

  /** The SBOM of a local image; 404 "No such image" when there is none by that name. */
  public Sbom sbom(String name) throws SQLException, IOException {
    return sbom(images.resolve(name));
  }

  /** The SBOM with the image's base layers counted, and no matching. */
  public ScanReport sbomReport(String name) throws SQLException, IOException {
    ImageRecord image = images.resolve(name);
    return new ScanReport(sbom(image), List.of(), 0, 0, baseLayers(image));
  }

  private Sbom sbom(ImageRecord image) throws IOException {
    Sbom cached = sboms.get(image.id());
    if (cached != null) {
      return cached;
    }
    Sbom s = builder.build(image);
    sboms.put(image.id(), s);
    return s;
  }

  public ScanReport scan(String name) throws SQLException, IOException {
    ImageRecord image = images.resolve(name);
    long version = db.version();
    String key = image.id() + "@" + version;
    ScanReport cached = reports.get(key);
    if (cached != null) {
      return cached;
    }
    Sbom s = sbom(image);
    long count = version == 0 ? 0 : db.countsByEcosystem().values().stream().mapToLong(Long::longValue).sum();
    ScanReport r = new ScanReport(s, matcher.match(s), version, count, baseLayers(image));
    reports.put(key, r);
    return r;
  }

  /** The label {@link #attach} writes: the image's CycloneDX SBOM, gzipped, as a base64 data URI. */
  public static final String SBOM_LABEL = "dev.berth.sbom";

  /**
   * Attaches the image's SBOM to it, the way {@code build --sbom} asks: a copy of the image whose
   * config carries the CycloneDX document in the {@value #SBOM_LABEL} label (gzipped, base64), so
   * that save and push carry it wherever the image goes. The image's tags move to the copy, whose
   * parent the original becomes (an intermediate, as build steps are, so the build cache that names
   * it stays good); returns the copy's ID.
   */
  public String attach(String name) throws SQLException, IOException {
    ImageRecord image = images.resolve(name);
    Sbom s = sbom(image);
    byte[] doc = CycloneDxFormat.write(s, s.entries(), null).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream g = new java.util.zip.GZIPOutputStream(gz)) {
      g.write(doc);
    }
    com.fasterxml.jackson.databind.node.ObjectNode config = image.config().deepCopy();
    com.fasterxml.jackson.databind.node.ObjectNode run = config.with("config");
    com.fasterxml.jackson.databind.node.ObjectNode labels = run.path("Labels").isObject()
        ? (com.fasterxml.jackson.databind.node.ObjectNode) run.get("Labels") : run.putObject("Labels");
    labels.put(SBOM_LABEL, "data:application/vnd.cyclonedx+json+gzip;base64,"
        + java.util.Base64.getEncoder().encodeToString(gz.toByteArray()));
    String id = images.store(config, image.diffIds(), image.tags());
    if (!id.equals(image.id())) {
      images.setParent(id, image.id());
    }
    return id;
  }

  /** How many bottom layers this image shares with the longest other local image it extends. */
  private int baseLayers(ImageRecord image) throws SQLException {
    int best = 0;
    List<String> mine = image.diffIds();
    for (ImageRecord other : images.list()) {
      List<String> theirs = other.diffIds();
      if (other.id().equals(image.id()) || theirs.size() >= mine.size() || theirs.size() <= best) {
        continue;
      }
      if (mine.subList(0, theirs.size()).equals(theirs)) {
        best = theirs.size();
      }
    }
    return best;
  }

  /** Loads an advisory file into the database in one transaction; 400 with the reason when it cannot be read. */
  public AdvisoryDb.Load load(String source, InputStream in) throws Exception {
    try {
      return db.load(source, AdvisoryLoader.feed(in, source));
    } catch (AdvisoryFormatException e) {
      throw ApiException.badRequest("cannot load advisories from " + e.getMessage()
          + "; the database keeps its previous content");
    }
  }

  public AdvisoryDb database() {
    return db;
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
