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
 * is removed, and the staging directory of a copy-up from an image that was cut short is dropped:
 * the volume itself was never touched, so it is filled, whole, on its next use.
 */
final class VolumeSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeSweeper.class);

  private VolumeSweeper() {}

  /**
   * A {@code cp} that berthd started for a copy-up outlives a SIGKILL of berthd and keeps writing
   * into its staging directory; it is ended first, found by that directory (under this daemon's
   * volumes), so that its partial copy can be removed and nothing writes there afterwards.
   */
  private static void endInterruptedCopies(Path root) {
    String staging = root + "/";
    for (int attempt = 0; attempt < 100; attempt++) {
      boolean found = false;
      try (var procs = Files.list(Path.of("/proc"))) {
        for (Path p : procs.toList()) {
          String pid = p.getFileName().toString();
          if (!pid.chars().allMatch(Character::isDigit)) {
            continue;
          }
          String cmdline;
          try {
            cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8);
          } catch (IOException gone) {
            continue;
          }
          for (String arg : cmdline.split("\0")) {
            if (arg.startsWith(staging) && arg.contains("/" + VolumeService.COPY_UP_STAGING)) {
              LOG.info("ending the copy {} that berthd's end interrupted", pid);
              dev.berth.daemon.sys.LibC.kill(Integer.parseInt(pid), 9);
              found = true;
              break;
            }
          }
        }
      } catch (IOException e) {
        return;
      }
      if (!found) {
        return;
      }
      try {
        Thread.sleep(20); // until the killed copies are gone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static void sweep(Path root, VolumeStore store) throws IOException, SQLException {
    endInterruptedCopies(root);
    Set<String> known = new HashSet<>();
    store.all().forEach(v -> known.add(v.name()));
    try (var dirs = Files.list(root)) {
      for (Path dir : dirs.toList()) {
        String name = dir.getFileName().toString();
        if (!known.contains(name)) {
          LOG.info("removing the directory of volume {}, which the store no longer has", name);
          try {
            AtomicFiles.deleteTree(dir);
          } catch (IOException e) {
            LOG.warn("removing {} failed: {}", dir, e.getMessage());
          }
          continue;
        }
        try (var entries = Files.list(dir)) {
          for (Path p : entries.toList()) {
            if (p.getFileName().toString().startsWith(VolumeService.COPY_UP_STAGING)) {
              LOG.info("volume {} was being filled from an image when berthd stopped: dropping the partial copy", name);
              try {
                AtomicFiles.deleteTree(p);
              } catch (IOException e) {
                // the interrupted cp may still be writing into it: the next start finishes this
                LOG.warn("removing the partial copy {} failed: {}", p, e.getMessage());
              }
            }
          }
        }
      }
    }
  }
}
