package dev.berth.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One private directory per fuzzing JVM for the tar readers' spools. Each input's spool must be
 * gone again when the reader returns or throws ("leaves nothing half-made"), which
 * {@link #requireEmpty} checks after every input.
 */
public final class FuzzTempDir {
  private static Path dir;

  private FuzzTempDir() {}

  public static synchronized Path get() {
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("berth-fuzz-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          dev.berth.daemon.store.AtomicFiles.deleteTree(dir);
        } catch (IOException ignored) {
          // best effort at exit
        }
      }));
    }
    return dir;
  }

  /** Fails when a reader left anything behind in {@code parent}. */
  public static void requireEmpty(Path parent) {
    try (Stream<Path> s = Files.list(parent)) {
      if (s.findAny().isPresent()) {
        throw new AssertionError("a reader left files behind in " + parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
