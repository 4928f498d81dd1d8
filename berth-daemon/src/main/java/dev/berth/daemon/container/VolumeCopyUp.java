package dev.berth.daemon.container;

import dev.berth.daemon.store.AtomicFiles;
import dev.berth.daemon.sys.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fills a new volume with the image's content at its mount point, as Docker does on first use, so
 * that a crash in the middle never leaves a half-filled volume that looks filled: a marker beside
 * the volume's {@code _data} is made durable before the copy and removed after it. A volume found
 * with its marker still there holds a partial copy; it is emptied and copied again.
 */
final class VolumeCopyUp {
  private static final String MARKER = dev.berth.daemon.volume.VolumeService.COPY_UP_MARKER;

  private VolumeCopyUp() {}

  /** Copies {@code source} into {@code volume} when the volume is empty or holds an unfinished copy. */
  static void fill(Path source, Path volume, String volumeName) throws IOException {
    Path marker = volume.resolveSibling(MARKER);
    if (Files.exists(marker)) {
      emptyDirectory(volume); // what a crash interrupted
    } else if (!isEmpty(volume)) {
      return;
    }
    AtomicFiles.write(marker, new byte[0]);
    // cp -a keeps owners, modes, links, times and xattrs; "src/." also gives the volume root the
    // directory's own owner and mode, as Docker's copy does
    CommandRunner.Result r = CommandRunner.run(List.of("cp", "-a", "--", source + "/.", volume.toString()), 600);
    if (!r.ok()) {
      throw new IOException("copying the image's content into volume " + volumeName + ": " + r.error());
    }
    // the copy's data reaches the disk before the marker goes (cp does not sync)
    CommandRunner.run(List.of("sync", "-f", volume.toString()), 600);
    Files.delete(marker);
    AtomicFiles.fsyncDirectory(marker.getParent());
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void emptyDirectory(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        AtomicFiles.deleteTree(p);
      }
    }
  }
}
