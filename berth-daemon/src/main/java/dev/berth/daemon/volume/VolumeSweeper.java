package dev.berth.daemon.volume;

import dev.berth.daemon.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At berthd's start, puts the volume directories back in line with the store after a crash: a
 * directory whose volume is gone from the store (a crash between the row's delete and the files')
 * is removed, and a volume whose copy-up from an image was cut short (its marker is still there)
 * is emptied, so that it is filled again, whole, on its next use and never seen half filled.
 */
final class VolumeSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeSweeper.class);

  private VolumeSweeper() {}

  static void sweep(Path root, VolumeStore store) throws IOException, SQLException {
    Set<String> known = new HashSet<>();
    store.all().forEach(v -> known.add(v.name()));
    try (var dirs = Files.list(root)) {
      for (Path dir : dirs.toList()) {
        String name = dir.getFileName().toString();
        if (!known.contains(name)) {
          LOG.info("removing the directory of volume {}, which the store no longer has", name);
          AtomicFiles.deleteTree(dir);
          continue;
        }
        Path marker = dir.resolve(VolumeService.COPY_UP_MARKER);
        if (Files.exists(marker)) {
          LOG.info("volume {} was being filled from an image when berthd stopped: emptied, to be filled again", name);
          Path data = dir.resolve("_data");
          if (Files.isDirectory(data)) {
            try (var entries = Files.list(data)) {
              for (Path p : entries.toList()) {
                AtomicFiles.deleteTree(p);
              }
            }
          }
          Files.delete(marker);
          AtomicFiles.fsyncDirectory(dir);
        }
      }
    }
  }
}
