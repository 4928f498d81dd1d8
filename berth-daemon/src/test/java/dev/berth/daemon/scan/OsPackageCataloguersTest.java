package dev.berth.daemon.scan;

import static dev.berth.daemon.scan.ScanTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsPackageCataloguersTest {
  private static List<FoundPackage> read(Cataloguer c, Path root, List<String> warnings) throws Exception {
    return c.read(new ImageLayers(List.of(root)).merged(), Distro.UNKNOWN, warnings);
  }

  @Test
  void apkInstalledWithOrigins(@TempDir Path root) throws Exception {
    write(root, "lib/apk/db/installed", """
        C:Q1abc=
        P:libcrypto3
        V:3.1.4-r5
        A:x86_64
        o:openssl
        F:usr/lib

        P:musl
        V:1.2.4_git20230717-r4
        A:x86_64

        P:broken
        A:x86_64
        """);
    List<String> warnings = new ArrayList<>();
    List<FoundPackage> pkgs = read(new ApkCataloguer(), root, warnings);
    assertThat(pkgs).extracting(FoundPackage::name).containsExactly("libcrypto3", "musl");
    assertThat(pkgs.get(0).sourceName()).isEqualTo("openssl");
    assertThat(pkgs.get(1).sourceName()).isEqualTo("musl");
    assertThat(warnings).containsExactly("lib/apk/db/installed: entry 3 has no V: (version); skipped");
  }

  @Test
  void rpmdbSqliteHeadersAndAMalformedOne(@TempDir Path root) throws Exception {
    Path db = Files.createDirectories(root.resolve("var/lib/rpm")).resolve("rpmdb.sqlite");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.createStatement().execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO Packages(blob) VALUES (?)")) {
        ps.setBytes(1, header("openssl-libs", "3.0.7", "24.el9", 1, "x86_64", "openssl-3.0.7-24.el9.src.rpm"));
        ps.executeUpdate();
        ps.setBytes(1, new byte[] {0, 0, 0, 99, 0, 0, 0, 1});
        ps.executeUpdate();
        ps.setBytes(1, header("bash", "5.1.8", "6.el9_1", 0, "x86_64", "bash-5.1.8-6.el9_1.src.rpm"));
        ps.executeUpdate();
      }
    }
    List<String> warnings = new ArrayList<>();
    List<FoundPackage> pkgs = read(new RpmCataloguer(), root, warnings);
    assertThat(pkgs).extracting(FoundPackage::name).containsExactly("openssl-libs", "bash");
    assertThat(pkgs.get(0).version()).isEqualTo("1:3.0.7-24.el9");
    assertThat(pkgs.get(0).sourceName()).isEqualTo("openssl");
    assertThat(pkgs.get(1).version()).isEqualTo("5.1.8-6.el9_1");
    assertThat(warnings).singleElement().asString().contains("package header 2 is malformed");
    assertThat(Files.list(db.getParent()).count()).as("nothing written beside the database").isEqualTo(1);
  }

  @Test
  void berkeleyDbAndNdbAreNamedAsNotReadYet(@TempDir Path root) throws Exception {
    write(root, "var/lib/rpm/Packages", "\0\0\0\0bdb");
    List<String> warnings = new ArrayList<>();
    assertThat(read(new RpmCataloguer(), root, warnings)).isEmpty();
    assertThat(warnings).singleElement().asString().contains("Berkeley DB format is not read yet");
  }

  /** An rpm header blob with string tags (and an INT32 epoch when above 0). */
  static byte[] header(String name, String version, String release, int epoch, String arch, String srpm) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    List<int[]> index = new ArrayList<>();
    String[] values = {name, version, release, arch, srpm};
    int[] tags = {1000, 1001, 1002, 1022, 1044};
    for (int i = 0; i < values.length; i++) {
      index.add(new int[] {tags[i], 6, data.size(), 1});
      data.writeBytes((values[i] + "\0").getBytes(StandardCharsets.UTF_8));
    }
    if (epoch > 0) {
      while (data.size() % 4 != 0) {
        data.write(0);
      }
      index.add(new int[] {1003, 4, data.size(), 1});
      data.writeBytes(ByteBuffer.allocate(4).putInt(epoch).array());
    }
    ByteBuffer b = ByteBuffer.allocate(8 + 16 * index.size() + data.size());
    b.putInt(index.size()).putInt(data.size());
    for (int[] e : index) {
      b.putInt(e[0]).putInt(e[1]).putInt(e[2]).putInt(e[3]);
    }
    b.put(data.toByteArray());
    return b.array();
  }
}
