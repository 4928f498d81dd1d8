package dev.berth.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvisoryDbTest {
  static final String OSV = """
      {"id":"DSA-0001-1","aliases":["CVE-2024-0001"],"summary":"foo overflow",
       "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
       "affected":[{"package":{"ecosystem":"Debian:12","name":"foo"},
         "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.0-2"}]}]}]}""";
  static final String TRACKER = """
      {"bar":{"CVE-2024-0002":{"description":"bar bug","releases":{
         "bookworm":{"status":"resolved","fixed_version":"2.0-2","urgency":"medium"},
         "bullseye":{"status":"open","urgency":"low","nodsa":"Minor issue","nodsa_reason":"ignored"}}}},
       "baz":{"CVE-2024-0003":{"releases":{"bookworm":{"status":"resolved","fixed_version":"0","urgency":"unimportant"}}}}}""";

  private static AdvisoryDb.Load load(AdvisoryDb db, String name, byte[] body) throws Exception {
    return db.load(name, AdvisoryLoader.feed(new ByteArrayInputStream(body), name));
  }

  @Test
  void loadsOsvAndTheDebianTrackerIndexedByEcosystemAndPackage(@TempDir Path dir) throws Exception {
    try (AdvisoryDb db = new AdvisoryDb(dir.resolve("scan/advisories.db"))) {
      assertThat(db.version()).isZero();
      AdvisoryDb.Load osv = load(db, "osv.json", OSV.getBytes(StandardCharsets.UTF_8));
      assertThat(osv.format()).isEqualTo("osv");
      assertThat(osv.records()).isEqualTo(1);
      AdvisoryDb.Load tracker = load(db, "tracker.json", TRACKER.getBytes(StandardCharsets.UTF_8));
      assertThat(tracker.format()).isEqualTo("debian-tracker");
      assertThat(tracker.records()).isEqualTo(3);
      assertThat(db.version()).isEqualTo(2);
      assertThat(db.find("Debian:12", "foo")).singleElement().satisfies(a -> {
        assertThat(a.severity()).isEqualTo("critical");
        assertThat(a.aliases()).isEqualTo("CVE-2024-0001");
      });
      assertThat(db.find("Debian:11", "bar")).singleElement().extracting(Advisory::id).isEqualTo("CVE-2024-0002");
      assertThat(db.countsByEcosystem()).containsEntry("Debian:12", 3L).containsEntry("Debian:11", 1L);
      assertThat(db.loads()).extracting(AdvisoryDb.Load::source).containsExactly("osv.json", "tracker.json");
    }
  }

  @Test
  void aTruncatedOrCorruptFileIsRefusedAndThePreviousContentStays(@TempDir Path dir) throws Exception {
    try (AdvisoryDb db = new AdvisoryDb(dir.resolve("a.db"))) {
      load(db, "tracker.json", TRACKER.getBytes(StandardCharsets.UTF_8));
      // a tracker file cut halfway: the first package would be read before the damage shows
      String big = "{\"newpkg\":{\"CVE-1\":{\"releases\":{\"bookworm\":{\"status\":\"open\"}}}},\"bar\":{\"CVE-9\":{\"rel";
      assertThatThrownBy(() -> load(db, "cut.json", big.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(AdvisoryFormatException.class).hasMessageStartingWith("cut.json: truncated");
      assertThatThrownBy(() -> load(db, "bad.json", "{\"id\": \"X\", oops}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(AdvisoryFormatException.class).hasMessageContaining("bad.json: not valid JSON");
      assertThatThrownBy(() -> load(db, "junk", "hello".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(AdvisoryFormatException.class);
      byte[] zip = zip("a.json", OSV);
      byte[] cutZip = java.util.Arrays.copyOf(zip, zip.length / 2);
      assertThatThrownBy(() -> load(db, "all.zip", cutZip)).isInstanceOf(Exception.class);
      assertThat(db.find("Debian:12", "newpkg")).isEmpty();
      assertThat(db.find("Debian:12", "bar")).hasSize(1);
      assertThat(db.version()).isEqualTo(1);
    }
  }

  @Test
  void loadsAnOsvZipAndAnAlpineSecdb(@TempDir Path dir) throws Exception {
    try (AdvisoryDb db = new AdvisoryDb(dir.resolve("a.db"))) {
      assertThat(load(db, "all.zip", zip("DSA-0001-1.json", OSV)).format()).isEqualTo("osv-zip");
      String secdb = """
          {"apkurl":"{{urlprefix}}","archs":["x86_64"],"distroversion":"v3.19","reponame":"main",
           "packages":[{"pkg":{"name":"zlib","secfixes":{"1.3.1-r0":["CVE-2023-45853"],"0":["CVE-2018-25032"]}}}]}""";
      assertThat(load(db, "main.json", secdb.getBytes(StandardCharsets.UTF_8)).format()).isEqualTo("alpine-secdb");
      assertThat(db.find("Alpine:v3.19", "zlib")).hasSize(2);
      assertThat(db.find("Debian:12", "foo")).hasSize(51);
    }
  }

  static byte[] zip(String name, String content) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry(name));
      z.write(content.getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
      for (int i = 0; i < 50; i++) { // enough bytes that half the zip cuts an entry
        z.putNextEntry(new ZipEntry("pad-" + i + ".json"));
        z.write(content.replace("DSA-0001-1", "DSA-PAD-" + i).getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
