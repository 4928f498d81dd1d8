package dev.berth.daemon.scan;

import static dev.berth.daemon.scan.ScanTrees.dpkg;
import static dev.berth.daemon.scan.ScanTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerAttributionTest {
  private static Map<String, String> attributed(List<Path> layers) throws Exception {
    return LayerAttribution.attribute(new ImageLayers(layers), new DpkgCataloguer(), Distro.UNKNOWN, new ArrayList<>())
        .stream().collect(Collectors.toMap(a -> a.pkg().name(), a -> a.pkg().version() + "@" + a.layer()));
  }

  @Test
  void aPackageBelongsToTheLowestLayerListingItAtItsVersion(@TempDir Path tmp) throws Exception {
    Path base = Files.createDirectories(tmp.resolve("0"));
    Path mid = Files.createDirectories(tmp.resolve("1"));
    Path top = Files.createDirectories(tmp.resolve("2"));
    write(base, "var/lib/dpkg/status", dpkg("a", "1.0-1", null) + dpkg("b", "2.0-1", null));
    write(mid, "etc/motd", "no package change here");
    // the top layer rewrites the whole database: upgrades b, adds c, carries a along
    write(top, "var/lib/dpkg/status", dpkg("a", "1.0-1", null) + dpkg("b", "2.0-2", null) + dpkg("c", "3.0", null));
    assertThat(attributed(List.of(base, mid, top))).isEqualTo(Map.of("a", "1.0-1@0", "b", "2.0-2@2", "c", "3.0@2"));
  }

  @Test
  void whiteoutsAndOpaqueDirectoriesHideLowerLayers(@TempDir Path tmp) throws Exception {
    Path base = Files.createDirectories(tmp.resolve("0"));
    Path top = Files.createDirectories(tmp.resolve("1"));
    write(base, "var/lib/dpkg/status.d/x", "Package: x\nVersion: 1\n");
    write(base, "var/lib/dpkg/status.d/y", "Package: y\nVersion: 1\n");
    ScanTrees.whiteout(top, "var/lib/dpkg/status.d/x");
    assertThat(attributed(List.of(base, top))).isEqualTo(Map.of("y", "1@0"));

    Path opaque = Files.createDirectories(tmp.resolve("2"));
    ScanTrees.opaque(opaque, "var/lib/dpkg/status.d");
    write(opaque, "var/lib/dpkg/status.d/z", "Package: z\nVersion: 2\n");
    assertThat(attributed(List.of(base, top, opaque))).isEqualTo(Map.of("z", "2@2"));

    Path gone = Files.createDirectories(tmp.resolve("3"));
    ScanTrees.whiteout(gone, "var/lib/dpkg");
    assertThat(attributed(List.of(base, top, opaque, gone))).isEmpty();
  }

  @Test
  void aDatabaseBehindASymlinkIsReadAndGivenTheLayerOfItsFile(@TempDir Path tmp) throws Exception {
    Path base = Files.createDirectories(tmp.resolve("0"));
    write(base, "usr/lib/dpkg-real/status", dpkg("q", "9", null));
    Files.createDirectories(base.resolve("var/lib"));
    Files.createSymbolicLink(base.resolve("var/lib/dpkg"), Path.of("../../usr/lib/dpkg-real"));
    assertThat(attributed(List.of(base))).isEqualTo(Map.of("q", "9@0"));
  }
}
