package dev.berth.daemon.scan;

import static dev.berth.daemon.scan.ScanTrees.dpkg;
import static dev.berth.daemon.scan.ScanTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpkgCataloguerTest {
  @Test
  void readsStatusWithSourcesAndSkipsRemovedPackages(@TempDir Path root) throws Exception {
    write(root, "var/lib/dpkg/status", dpkg("libssl3", "3.0.11-1~deb12u2", "openssl")
        + dpkg("libc6", "2.36-9+deb12u4", "glibc (2.36-9)")
        + "Package: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n\n"
        + "Package: purged\nStatus: purge ok installed\nVersion: 1.0\n\n"
        + dpkg("bash", "5.2.15-2+b2", "bash (5.2.15-2)"));
    List<String> warnings = new ArrayList<>();
    List<FoundPackage> pkgs = new DpkgCataloguer().read(new ImageLayers(List.of(root)).merged(), Distro.UNKNOWN, warnings);
    assertThat(pkgs).extracting(FoundPackage::name).containsExactly("libssl3", "libc6", "bash");
    assertThat(pkgs.get(0).sourceName()).isEqualTo("openssl");
    assertThat(pkgs.get(0).sourceVersion()).isEqualTo("3.0.11-1~deb12u2");
    assertThat(pkgs.get(1).sourceName()).isEqualTo("glibc");
    assertThat(pkgs.get(1).sourceVersion()).isEqualTo("2.36-9");
    assertThat(pkgs.get(2).arch()).isEqualTo("amd64");
    assertThat(warnings).isEmpty();
  }

  @Test
  void readsDistrolessStatusDAndIgnoresMd5sums(@TempDir Path root) throws Exception {
    write(root, "var/lib/dpkg/status.d/base-files", "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n");
    write(root, "var/lib/dpkg/status.d/tzdata", "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n");
    write(root, "var/lib/dpkg/status.d/tzdata.md5sums", "abc  usr/share/zoneinfo/UTC\n");
    List<FoundPackage> pkgs = new DpkgCataloguer().read(new ImageLayers(List.of(root)).merged(), Distro.UNKNOWN,
        new ArrayList<>());
    assertThat(pkgs).extracting(FoundPackage::name).containsExactly("base-files", "tzdata");
  }

  @Test
  void aMalformedEntryIsSkippedWithAWarningAndTheRestReported(@TempDir Path root) throws Exception {
    write(root, "var/lib/dpkg/status", dpkg("zlib1g", "1:1.2.13.dfsg-1", "zlib")
        + "Package: broken\nStatus: install ok installed\n\n" + "garbage without fields\n\n"
        + dpkg("tar", "1.34+dfsg-1.2+deb12u1", null));
    List<String> warnings = new ArrayList<>();
    List<FoundPackage> pkgs = new DpkgCataloguer().read(new ImageLayers(List.of(root)).merged(), Distro.UNKNOWN, warnings);
    assertThat(pkgs).extracting(FoundPackage::name).containsExactly("zlib1g", "tar");
    assertThat(warnings).hasSize(2).allMatch(w -> w.startsWith("var/lib/dpkg/status: entry"));
  }
}
