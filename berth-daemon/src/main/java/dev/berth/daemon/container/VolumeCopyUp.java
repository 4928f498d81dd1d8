package dev.berth.daemon.container;

import dev.berth.daemon.archive.TreeCopy;
import dev.berth.daemon.store.AtomicFiles;
import dev.berth.daemon.sys.CommandRunner;
import dev.berth.daemon.volume.VolumeService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Fills a new volume with the image's content at its mount point, as Docker does on first use,
 * so that a crash in the middle never leaves a half-filled volume that looks filled: the copy is
 * made in a staging directory beside the volume's {@code _data} and renamed over the empty
 * {@code _data} only when whole. A copy that berthd's end interrupted (its {@code cp} may even
 * outlive berthd for a moment) stays in its own staging directory, which the next start removes.
 */
final class VolumeCopyUp {
  private VolumeCopyUp() {}

  /** Copies {@code source} into {@code volume} when the volume is empty. */
  static void fill(Path source, Path volume, String volumeName) throws IOException {
    if (!isEmpty(volume)) {
      return;
    }
    Path staging = volume.resolveSibling(VolumeService.COPY_UP_STAGING + UUID.randomUUID() + ".tmp");
    Files.createDirectory(staging);
    try {
      // owners, modes, links and times kept, and the volume root gets the directory's own owner
      // and mode, as Docker's copy does; nothing on either side is followed
      try {
        TreeCopy.copy(source, staging, "volume " + volumeName + " entry");
      } catch (IOException e) {
        throw new IOException("copying the image's content into volume " + volumeName + ": " + e.getMessage(), e);
      }
      // the copy's data reaches the disk before it is made visible (cp does not sync)
      CommandRunner.run(List.of("sync", "-f", staging.toString()), 600);
      // rename(2) replaces the empty _data in one step
      Files.move(staging, volume, StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.fsyncDirectory(volume.getParent());
    } finally {
      if (Files.exists(staging)) {
        AtomicFiles.deleteTree(staging);
      }
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }
}
