package dev.berth.daemon.store;

import dev.berth.daemon.sys.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The modes Docker gives its data root since CVE-2021-41091: the root, the layer store with each
 * layer's directory, the containers and the volumes 0710 (root and its group may pass, nobody
 * else), so that an unprivileged host user cannot reach the setuid binaries inside images, or a
 * container's files, through the data root. Applied at every start, which also tightens a data
 * root made by an older berthd.
 */
public final class DataRootPermissions {
  public static final int DIR_MODE = 0710;
  private static final List<String> TOP = List.of("overlay", "containers", "volumes");

  private DataRootPermissions() {}

  public static void apply(Path dataRoot) throws IOException {
    Files.createDirectories(dataRoot);
    LibC.chmod(dataRoot.toString(), DIR_MODE);
    for (String name : TOP) {
      Path dir = Files.createDirectories(dataRoot.resolve(name));
      LibC.chmod(dir.toString(), DIR_MODE);
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !p.getFileName().toString().equals("l")) {
            LibC.chmod(p.toString(), DIR_MODE);
          }
        }
      }
    }
  }
}
