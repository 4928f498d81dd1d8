package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image scanning end to end: an image made of layers the test writes (a Debian 12 dpkg database
 * whose second layer upgrades one package to its fixed version), loaded with {@code docker load},
 * scanned by berthd against advisory fixtures of the test's own (OSV and the Debian tracker's
 * JSON), through the berth CLI and the raw API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScanTest extends SharedDaemonTest {
  static final String OS_RELEASE = """
      PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
      NAME="Debian GNU/Linux"
      VERSION_ID="12"
      VERSION_CODENAME=bookworm
      ID=debian
      """;

  static String dpkg(String name, String version, String source) {
    return "Package: " + name + "\nStatus: install ok installed\nArchitecture: amd64\nSource: " + source
        + "\nVersion: " + version + "\nDescription: a test package\n made by ScanTest\n\n";
  }

  /** OSV: foo (source of libfoo) in Debian 12 is fixed in 1.0-2, high. */
  static final String OSV = """
      {"id":"DSA-9001-1","aliases":["CVE-2099-1111"],"summary":"foo: heap overflow in the parser",
       "database_specific":{"severity":"HIGH"},
       "affected":[{"package":{"ecosystem":"Debian:12","name":"foo"},
         "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.0-2"}]}]}]}""";
  /** The Debian tracker: bar is fixed in 2.0-2 in bookworm; the image's second layer installs exactly that. */
  static final String TRACKER = """
      {"bar":{"CVE-2099-2222":{"description":"bar: use after free","releases":{
         "bookworm":{"status":"resolved","fixed_version":"2.0-2","urgency":"medium"}}}},
       "foo":{"CVE-2099-3333":{"description":"foo: never in bookworm","releases":{
         "bookworm":{"status":"resolved","fixed_version":"0","urgency":"low"}}}}}""";

  @TempDir
  static Path tmp;

  @BeforeAll
  static void loadImages() throws Exception {
    byte[] base = tar(Map.of("etc/os-release", OS_RELEASE,
        "var/lib/dpkg/status", dpkg("libfoo", "1.0-1", "foo") + dpkg("libbar", "2.0-1", "bar")));
    byte[] upgrade = tar(Map.of("var/lib/dpkg/status", dpkg("libfoo", "1.0-1", "foo") + dpkg("libbar", "2.0-2", "bar")));
    Path archive = tmp.resolve("images.tar");
    Files.write(archive, imageArchive(base, upgrade));
    String out = ok(daemon.docker("load", "-i", archive.toString()));
    assertThat(out).contains("scanme:1").contains("scanbase:1");
  }

  @Test
  @Order(1)
  void withNoAdvisoriesTheSbomIsStillGivenAndTheScanSaysSo() {
    String sbom = ok(daemon.berth("sbom", "scanme:1"));
    assertThat(sbom.lines().toList().get(0)).matches("PACKAGE\\s+VERSION\\s+TYPE\\s+LAYER");
    assertThat(sbom).containsPattern("libfoo\\s+1\\.0-1\\s+deb\\s+0 ADD base")
        .containsPattern("libbar\\s+2\\.0-2\\s+deb\\s+1 RUN apt-get install libbar");
    Command.Result scan = daemon.berth("scan", "scanme:1");
    assertThat(scan.exitCode()).as(scan.toString()).isZero();
    assertThat(scan.stdout()).contains("No advisories are loaded").contains("libfoo").contains("libbar");
    assertThat(ok(daemon.berth("scan", "db", "status"))).contains("No advisories are loaded");
  }

  @Test
  @Order(2)
  void aMissingImageIsDockersNoSuchImage() {
    Command.Result r = daemon.berth("scan", "nope:9");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("No such image: nope:9");
    assertThat(daemon.berth("sbom", "nope:9").stderr()).contains("No such image: nope:9");
  }

  @Test
  @Order(3)
  void theVulnerablePackageIsReportedWithItsFixAndLayerAndTheFixedOneIsNot() throws Exception {
    Path osv = Files.writeString(tmp.resolve("DSA-9001-1.json"), OSV);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/tracker.json", ex -> {
      byte[] body = TRACKER.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      try (var o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/tracker.json";
      String loaded = ok(daemon.berth("scan", "db", "update", "--from", osv.toString(), "--from", url));
      assertThat(loaded).contains("Loaded 1 advisories (osv)").contains("Loaded 2 advisories (debian-tracker) from " + url);
    } finally {
      server.stop(0);
    }
    String status = ok(daemon.berth("scan", "db", "status"));
    assertThat(status).contains(osv.toString()).contains("debian-tracker").containsPattern("Debian:12\\s+3");

    Command.Result scan = daemon.berth("scan", "scanme:1");
    assertThat(scan.exitCode()).as(scan.toString()).isZero();
    assertThat(scan.stdout()).containsPattern("libfoo\\s+DSA-9001-1\\s+high\\s+1\\.0-1\\s+1\\.0-2\\s+0 ADD base")
        .containsPattern("Target\\s+│\\s+scanme:1\\s+│\\s+0C\\s+1H\\s+0M\\s+0L")
        .doesNotContain("CVE-2099-2222").doesNotContain("CVE-2099-3333").doesNotContain("libbar");

    String json = ok(daemon.berth("scan", "--format", "json", "scanme:1"));
    assertThat(json).contains("\"fixedVersion\": \"1.0-2\"").contains("\"aliases\": [\n");

    // the raw API, under Berth's own prefix
    String api = daemon.request("GET", "/berth/v1/images/scanme:1/scan");
    assertThat(api).contains("\"id\":\"DSA-9001-1\"").contains("\"layer\":0");
  }

  @Test
  @Order(4)
  void documentsInCycloneDxSpdxAndSarif() throws Exception {
    String cdx = ok(daemon.berth("sbom", "--format", "cyclonedx-json", "scanme:1"));
    assertThat(cdx).contains("\"specVersion\" : \"1.6\"")
        .contains("pkg:deb/debian/libfoo@1.0-1?arch=amd64&distro=debian-12&upstream=foo").contains("berth:layer:diffID");
    String spdx = ok(daemon.berth("sbom", "--format", "spdx-json", "scanme:1"));
    assertThat(spdx).contains("\"spdxVersion\":\"SPDX-2.3\"").contains("pkg:deb/debian/libbar@2.0-2");
    Path out = tmp.resolve("scan.sarif");
    ok(daemon.berth("scan", "--format", "sarif", "-o", out.toString(), "scanme:1"));
    assertThat(Files.readString(out)).contains("\"ruleId\":\"DSA-9001-1\"").contains("fixed in 1.0-2");
    String vex = ok(daemon.berth("scan", "--format", "cyclonedx-json", "scanme:1"));
    assertThat(vex).contains("\"vulnerabilities\"").contains("DSA-9001-1");
    Command.Result bad = daemon.berth("sbom", "--format", "yaml", "scanme:1");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.stderr()).contains("unknown SBOM format \"yaml\"");
  }

  @Test
  @Order(5)
  void exitCodesFollowTheSeverityThresholdAndFilters() {
    assertThat(daemon.berth("scan", "--exit-code", "scanme:1").exitCode()).isEqualTo(2);
    assertThat(daemon.berth("scan", "--exit-code", "--severity", "high", "scanme:1").exitCode()).isEqualTo(2);
    assertThat(daemon.berth("scan", "--exit-code", "--severity", "critical", "scanme:1").exitCode()).isZero();
    assertThat(daemon.berth("scan", "-e", "--only-severity", "low", "scanme:1").exitCode()).isZero();
    // libfoo came with the base image's layer: --ignore-base leaves it out
    Command.Result ignored = daemon.berth("scan", "-e", "--ignore-base", "scanme:1");
    assertThat(ignored.exitCode()).as(ignored.toString()).isZero();
    assertThat(ignored.stdout()).contains("0 vulnerabilities found");
    assertThat(ok(daemon.berth("scout", "quickview", "scanme:1"))).containsPattern("0C\\s+1H\\s+0M\\s+0L");
    assertThat(ok(daemon.berth("scout", "cves", "--only-fixed", "scanme:1"))).contains("DSA-9001-1");
    assertThat(ok(daemon.berth("scan", "--layers", "scanme:1")))
        .containsPattern("Layer 0 .*\\(base image\\)").contains("DSA-9001-1").contains("packages introduced: 1 (libbar 2.0-2)");
  }

  @Test
  @Order(6)
  void aCorruptAdvisoryFileIsRefusedAndTheDatabaseKeepsItsContent() throws Exception {
    String before = ok(daemon.berth("scan", "db", "status", "--format", "json"));
    Path cut = Files.writeString(tmp.resolve("cut.json"), TRACKER.substring(0, TRACKER.length() / 2));
    Command.Result r = daemon.berth("scan", "db", "update", "--from", cut.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("cut.json: truncated").contains("the database keeps its previous content");
    assertThat(r.stderr().strip().lines().count()).isEqualTo(1);
    assertThat(ok(daemon.berth("scan", "db", "status", "--format", "json"))).isEqualTo(before);
    assertThat(ok(daemon.berth("scan", "scanme:1"))).contains("DSA-9001-1");
  }

  @Test
  @Order(7)
  void buildWithSbomAttachesItAsALabelTheImageCarries() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("status"), dpkg("libfoo", "1.0-1", "foo"));
    Files.writeString(ctx.resolve("os-release"), OS_RELEASE);
    Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nCOPY os-release /etc/os-release\n"
        + "COPY status /var/lib/dpkg/status\n");
    Command.Result built = daemon.berth("build", "--sbom", "-t", "withsbom:1", ctx.toString());
    assertThat(built.exitCode()).as(built.toString()).isZero();
    assertThat(built.stdout()).contains("Attached SBOM: sha256:");
    String label = ok(daemon.docker("image", "inspect", "-f", "{{index .Config.Labels \"dev.berth.sbom\"}}", "withsbom:1"));
    String prefix = "data:application/vnd.cyclonedx+json+gzip;base64,";
    assertThat(label).startsWith(prefix);
    byte[] gz = java.util.Base64.getDecoder().decode(label.substring(prefix.length()));
    String doc = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz)).readAllBytes(),
        StandardCharsets.UTF_8);
    assertThat(doc).contains("\"specVersion\" : \"1.6\"").contains("pkg:deb/debian/libfoo@1.0-1")
        .containsPattern("COPY file:[0-9a-f]+ in /var/lib/dpkg/status");
    // the labelled image is the one the tag names, and it scans like the original
    assertThat(ok(daemon.berth("scan", "withsbom:1"))).contains("DSA-9001-1");
    assertThat(ok(daemon.docker("images", "--format", "{{.Repository}}:{{.Tag}}"))).contains("withsbom:1")
        .doesNotContain("<none>");
  }

  @Test
  @Order(8)
  void alpineJarAndNpmPackagesAgainstOsvFixtures() throws Exception {
    java.io.ByteArrayOutputStream jar = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(jar)) {
      z.putNextEntry(new java.util.zip.ZipEntry("META-INF/maven/org.yaml/snakeyaml/pom.properties"));
      z.write("groupId=org.yaml\nartifactId=snakeyaml\nversion=1.33\n".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    byte[] layer = tar(Map.of("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n",
        "lib/apk/db/installed", "P:libcrypto3\nV:3.1.4-r5\nA:x86_64\no:openssl\n\nP:zlib\nV:1.3.1-r0\nA:x86_64\n\n",
        "srv/node_modules/express/package.json", "{\"name\":\"express\",\"version\":\"4.17.1\"}"));
    ByteArrayOutputStream withJar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(withJar)) {
      for (var f : List.of("app/", "app/snakeyaml-1.33.jar")) {
        TarArchiveEntry e = new TarArchiveEntry(f);
        if (!f.endsWith("/")) {
          e.setSize(jar.size());
        }
        t.putArchiveEntry(e);
        if (!f.endsWith("/")) {
          t.write(jar.toByteArray());
        }
        t.closeArchiveEntry();
      }
    }
    String diffA = TestArchives.sha(layer);
    String diffB = TestArchives.sha(withJar.toByteArray());
    String config = config(List.of(diffA, diffB), "\"created_by\":\"ADD alpine.tar /\"},"
        + "{\"created\":\"2024-01-02T00:00:00Z\",\"created_by\":\"COPY app.jar /app/\"");
    String cname = TestArchives.sha(config.getBytes(StandardCharsets.UTF_8)).substring(7) + ".json";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      add(t, "a/layer.tar", layer);
      add(t, "b/layer.tar", withJar.toByteArray());
      add(t, cname, config.getBytes(StandardCharsets.UTF_8));
      add(t, "manifest.json", ("[{\"Config\":\"" + cname + "\",\"RepoTags\":[\"mixed:1\"],"
          + "\"Layers\":[\"a/layer.tar\",\"b/layer.tar\"]}]").getBytes(StandardCharsets.UTF_8));
    }
    Path archive = Files.write(tmp.resolve("mixed.tar"), out.toByteArray());
    ok(daemon.docker("load", "-i", archive.toString()));
    String osv = "[" + osv("ALPINE-1", "Alpine:v3.19", "openssl", "3.1.4-r6") + ","
        + osv("GHSA-mjmj-j48q-9wg2", "Maven", "org.yaml:snakeyaml", "2.0") + ","
        + osv("GHSA-rv95-896h-c2vc", "npm", "express", "4.19.2") + ","
        + osv("ALPINE-2", "Alpine:v3.19", "zlib", "1.3.1-r0") + "]";
    Path fixture = Files.writeString(tmp.resolve("mixed-osv.json"), osv);
    ok(daemon.berth("scan", "db", "update", "--from", fixture.toString()));
    String scan = ok(daemon.berth("scan", "mixed:1"));
    assertThat(scan).containsPattern("libcrypto3\\s+ALPINE-1\\s+high\\s+3\\.1\\.4-r5\\s+3\\.1\\.4-r6\\s+0 ADD")
        .containsPattern("org\\.yaml:snakeyaml\\s+GHSA-mjmj-j48q-9wg2\\s+high\\s+1\\.33\\s+2\\.0\\s+1 COPY")
        .containsPattern("express\\s+GHSA-rv95-896h-c2vc\\s+high\\s+4\\.17\\.1\\s+4\\.19\\.2\\s+0 ADD")
        .doesNotContain("ALPINE-2");
    assertThat(ok(daemon.berth("sbom", "--only-package-type", "maven", "mixed:1"))).contains("org.yaml:snakeyaml")
        .doesNotContain("zlib");
  }

  private static String osv(String id, String eco, String pkg, String fixed) {
    return "{\"id\":\"" + id + "\",\"database_specific\":{\"severity\":\"HIGH\"},\"affected\":[{\"package\":"
        + "{\"ecosystem\":\"" + eco + "\",\"name\":\"" + pkg + "\"},\"ranges\":[{\"type\":\"ECOSYSTEM\","
        + "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"" + fixed + "\"}]}]}]}";
  }

  /** A layer tar of regular files (parents made as directories). */
  static byte[] tar(Map<String, String> files) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      java.util.Set<String> dirs = new java.util.TreeSet<>();
      for (String f : new java.util.TreeSet<>(files.keySet())) {
        for (int i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) {
          String d = f.substring(0, i + 1);
          if (dirs.add(d)) {
            t.putArchiveEntry(new TarArchiveEntry(d));
            t.closeArchiveEntry();
          }
        }
        byte[] data = files.get(f).getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(f);
        e.setSize(data.length);
        t.putArchiveEntry(e);
        t.write(data);
        t.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  /** A docker-save archive of scanbase:1 (the base layer) and scanme:1 (base plus the upgrade). */
  static byte[] imageArchive(byte[] base, byte[] upgrade) throws Exception {
    String baseDiff = TestArchives.sha(base);
    String upDiff = TestArchives.sha(upgrade);
    String baseConfig = config(List.of(baseDiff), "\"created_by\":\"ADD base.tar / # buildkit\"");
    String config = config(List.of(baseDiff, upDiff), "\"created_by\":\"ADD base.tar / # buildkit\"},"
        + "{\"created\":\"2024-01-02T00:00:00Z\",\"created_by\":\"ENV X=1\",\"empty_layer\":true},"
        + "{\"created\":\"2024-01-03T00:00:00Z\",\"created_by\":\"RUN apt-get install libbar=2.0-2\"");
    String baseName = TestArchives.sha(baseConfig.getBytes(StandardCharsets.UTF_8)).substring(7) + ".json";
    String name = TestArchives.sha(config.getBytes(StandardCharsets.UTF_8)).substring(7) + ".json";
    String manifest = "[{\"Config\":\"" + baseName + "\",\"RepoTags\":[\"scanbase:1\"],\"Layers\":[\"base/layer.tar\"]},"
        + "{\"Config\":\"" + name + "\",\"RepoTags\":[\"scanme:1\"],\"Layers\":[\"base/layer.tar\",\"up/layer.tar\"]}]";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      add(t, "base/layer.tar", base);
      add(t, "up/layer.tar", upgrade);
      add(t, baseName, baseConfig.getBytes(StandardCharsets.UTF_8));
      add(t, name, config.getBytes(StandardCharsets.UTF_8));
      add(t, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static String config(List<String> diffIds, String history) {
    return "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-01-03T00:00:00Z\","
        + "\"config\":{\"Cmd\":[\"/bin/sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
        + String.join("\",\"", diffIds) + "\"]},\"history\":[{\"created\":\"2024-01-01T00:00:00Z\"," + history + "}]}";
  }

  private static void add(TarArchiveOutputStream t, String name, byte[] data) throws Exception {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(data.length);
    t.putArchiveEntry(e);
    t.write(data);
    t.closeArchiveEntry();
  }
}
