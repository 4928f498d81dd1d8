package dev.berth.daemon.scan;

import static dev.berth.daemon.scan.ScanTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanguageCataloguersTest {
  static byte[] zip(Map<String, byte[]> entries) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  static byte[] pom(String g, String a, String v) {
    return ("groupId=" + g + "\nartifactId=" + a + "\nversion=" + v + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> walk(List<Path> layers, List<String> warnings) throws Exception {
    List<String> out = new ArrayList<>();
    for (LayerAttribution.Attributed a : LayerWalk.run(new ImageLayers(layers), Cataloguers.files(), warnings)) {
      out.add(a.pkg().type() + " " + a.pkg().name() + "@" + a.pkg().version() + " " + a.pkg().location() + " #" + a.layer());
    }
    return out;
  }

  @Test
  void jarsFatJarsNpmAndPython(@TempDir Path tmp) throws Exception {
    Path l0 = Files.createDirectories(tmp.resolve("0"));
    Files.createDirectories(l0.resolve("app"));
    Files.write(l0.resolve("app/snakeyaml-1.33.jar"), zip(Map.of(
        "META-INF/maven/org.yaml/snakeyaml/pom.properties", pom("org.yaml", "snakeyaml", "1.33"))));
    byte[] inner = zip(Map.of("META-INF/maven/com.fasterxml.jackson.core/jackson-databind/pom.properties",
        pom("com.fasterxml.jackson.core", "jackson-databind", "2.9.10")));
    Files.write(l0.resolve("app/boot.jar"), zip(Map.of(
        "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Title: boot\nImplementation-Version: 1.0\n\n"
            .getBytes(StandardCharsets.UTF_8),
        "BOOT-INF/lib/jackson-databind-2.9.10.jar", inner)));
    Files.write(l0.resolve("app/commons-text-1.9.jar"), zip(Map.of("org/x.class", new byte[] {1})));
    write(l0, "srv/node_modules/express/package.json", "{\"name\":\"express\",\"version\":\"4.17.1\"}");
    write(l0, "srv/node_modules/@types/node/package.json", "{\"name\":\"@types/node\",\"version\":\"20.1.0\"}");
    write(l0, "srv/node_modules/express/lib/package.json", "{\"name\":\"not-a-package\",\"version\":\"1\"}");
    write(l0, "srv/node_modules/broken/package.json", "{\"name\":");
    write(l0, "usr/lib/python3/dist-packages/Flask-2.2.2.dist-info/METADATA",
        "Metadata-Version: 2.1\nName: Flask\nVersion: 2.2.2\n\nLong description\nName: nope\n");
    write(l0, "usr/lib/python3/site-packages/six.egg-info/PKG-INFO", "Name: six\nVersion: 1.16.0\n");
    // a later layer upgrades express and deletes six
    Path l1 = Files.createDirectories(tmp.resolve("1"));
    write(l1, "srv/node_modules/express/package.json", "{\"name\":\"express\",\"version\":\"4.19.2\"}");
    ScanTrees.whiteout(l1, "usr/lib/python3/site-packages/six.egg-info");
    List<String> warnings = new ArrayList<>();
    assertThat(walk(List.of(l0, l1), warnings)).containsExactlyInAnyOrder(
        "maven org.yaml:snakeyaml@1.33 app/snakeyaml-1.33.jar #0",
        "maven boot@1.0 app/boot.jar #0",
        "maven com.fasterxml.jackson.core:jackson-databind@2.9.10 app/boot.jar!BOOT-INF/lib/jackson-databind-2.9.10.jar #0",
        "maven commons-text@1.9 app/commons-text-1.9.jar #0",
        "npm express@4.19.2 srv/node_modules/express/package.json #1",
        "npm @types/node@20.1.0 srv/node_modules/@types/node/package.json #0",
        "pypi Flask@2.2.2 usr/lib/python3/dist-packages/Flask-2.2.2.dist-info/METADATA #0");
    assertThat(warnings).containsExactly("srv/node_modules/broken/package.json: not valid JSON; skipped");
  }

  @Test
  void aJarBombIsBoundedWithAWarning(@TempDir Path tmp) throws Exception {
    byte[] jar = zip(Map.of("META-INF/maven/x/deep/pom.properties", pom("x", "deep", "1")));
    for (int i = 0; i < 6; i++) {
      jar = zip(Map.of("lib/level" + i + ".jar", jar));
    }
    Path l0 = Files.createDirectories(tmp.resolve("0"));
    Files.write(l0.resolve("bomb.jar"), jar);
    // a metadata entry far larger than any real one, compressed to almost nothing
    Files.write(l0.resolve("huge.jar"), zip(Map.of("META-INF/MANIFEST.MF", new byte[8 << 20])));
    Files.write(l0.resolve("ok-2.0.jar"), zip(Map.of("a.class", new byte[] {1})));
    List<String> warnings = new ArrayList<>();
    assertThat(walk(List.of(l0), warnings)).containsExactly("maven ok@2.0 ok-2.0.jar #0");
    assertThat(warnings).anyMatch(w -> w.startsWith("bomb.jar!lib/level5.jar!lib/level4.jar") && w.contains("nested more than 3"))
        .anyMatch(w -> w.startsWith("huge.jar!META-INF/MANIFEST.MF: larger than 1 MiB"));
  }

  @Test
  void goBuildInfoOfARealBinary(@TempDir Path tmp) throws Exception {
    Path docker = Path.of("/usr/local/bin/docker");
    if (!Files.isRegularFile(docker)) {
      docker = Path.of("/usr/bin/docker");
    }
    if (!Files.isRegularFile(docker)) {
      return; // no Go binary on this host; the parser is still covered by the ELF reader's own use
    }
    List<FoundPackage> pkgs = new BinaryCataloguer().read("usr/bin/docker", docker, new ArrayList<>());
    assertThat(pkgs).anyMatch(p -> p.name().equals("stdlib") && p.version().startsWith("v1."));
  }

  @Test
  void goModulesAndReplacements() {
    String mod = "path\texample.com/app\nmod\texample.com/app\t(devel)\t\n"
        + "dep\tgolang.org/x/net\tv0.17.0\th1:abc=\n"
        + "dep\tgithub.com/old/lib\tv1.0.0\th1:def=\n=>\tgithub.com/fork/lib\tv1.0.1\th1:ghi=\n";
    String wrapped = "0123456789abcdef" + mod + "fedcba9876543210";
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1));
    b.write(8);
    b.write(2);
    b.writeBytes(new byte[16]);
    byte[] v = "go1.21.4".getBytes(StandardCharsets.UTF_8);
    b.write(v.length);
    b.writeBytes(v);
    byte[] m = wrapped.getBytes(StandardCharsets.UTF_8);
    b.write(0x80 | (m.length & 0x7f));
    b.write(m.length >> 7);
    b.writeBytes(m);
    List<FoundPackage> out = new ArrayList<>();
    BinaryCataloguer.goModules(b.toByteArray(), "app", out);
    assertThat(out).extracting(p -> p.name() + "@" + p.version())
        .containsExactly("stdlib@v1.21.4", "golang.org/x/net@v0.17.0", "github.com/fork/lib@v1.0.1");
  }

  @Test
  void cargoAuditableSection() throws Exception {
    byte[] json = "{\"packages\":[{\"name\":\"hello\",\"version\":\"0.1.0\",\"source\":\"local\",\"root\":true},{\"name\":\"smallvec\",\"version\":\"1.6.0\",\"source\":\"crates.io\"}]}"
        .getBytes(StandardCharsets.UTF_8);
    java.util.zip.Deflater d = new java.util.zip.Deflater();
    d.setInput(json);
    d.finish();
    byte[] buf = new byte[4096];
    int n = d.deflate(buf);
    List<FoundPackage> out = new ArrayList<>();
    BinaryCataloguer.cargo(java.util.Arrays.copyOf(buf, n), "usr/bin/hello", out, new ArrayList<>());
    assertThat(out).extracting(p -> p.name() + "@" + p.version()).containsExactly("smallvec@1.6.0");
  }
}
