package dev.berth.daemon.container;

import dev.berth.daemon.runtime.OciRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a running container's files with its processes frozen, as Docker does since
 * CVE-2018-15664: a process that swaps a directory for a link to {@code /} between the daemon's
 * check and its open could otherwise make the daemon read host files. The tar is written to a
 * spool file while frozen and streamed to the client after the thaw, so the pause lasts as long as
 * the disk needs, never as long as a slow or vanished client, and the thaw is in a finally.
 *
 * <p>This is not a {@code docker pause}: no state change, no events. Concurrent archive reads of
 * one container share one freeze.
 */
final class ArchiveFreeze {
  private static final Map<String, Integer> FROZEN = new ConcurrentHashMap<>();

  @FunctionalInterface
  interface TarWork {
    void write(OutputStream out) throws IOException, SQLException;
  }

  @FunctionalInterface
  interface Work<T> {
    T run() throws IOException, SQLException;
  }

  private ArchiveFreeze() {}

  /** Runs {@code work} (something short: a stat) with the container frozen; thawed in a finally. */
  static <T> T frozen(OciRuntime runtime, String id, Work<T> work) throws IOException, SQLException {
    freeze(runtime, id);
    try {
      return work.run();
    } finally {
      thaw(runtime, id);
    }
  }

  /**
   * Runs {@code work} with the container frozen, writing into a fresh spool file under
   * {@code spoolDir}, and thaws it (also when the work fails); returns the spool, which the caller
   * streams and deletes.
   */
  static Path spool(OciRuntime runtime, String id, Path spoolDir, TarWork work) throws IOException, SQLException {
    Path spool = Files.createTempFile(spoolDir, "archive-", ".tar");
    boolean ok = false;
    try {
      freeze(runtime, id);
      try (OutputStream s = new java.io.BufferedOutputStream(Files.newOutputStream(spool), 1 << 16)) {
        work.write(s);
      } finally {
        thaw(runtime, id);
      }
      ok = true;
      return spool;
    } finally {
      if (!ok) {
        Files.deleteIfExists(spool);
      }
    }
  }

  /** Copies a spool to the client and deletes it, whether the client stays or goes. */
  static void send(Path spool, OutputStream out) throws IOException {
    try (InputStream in = Files.newInputStream(spool)) {
      in.transferTo(out);
      out.close();
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  private static void freeze(OciRuntime runtime, String id) throws IOException {
    synchronized (FROZEN) {
      int n = FROZEN.getOrDefault(id, 0);
      if (n == 0) {
        runtime.pause(id);
      }
      FROZEN.put(id, n + 1);
    }
  }

  private static void thaw(OciRuntime runtime, String id) throws IOException {
    synchronized (FROZEN) {
      int n = FROZEN.getOrDefault(id, 1) - 1;
      if (n <= 0) {
        FROZEN.remove(id);
        runtime.resume(id);
      } else {
        FROZEN.put(id, n);
      }
    }
  }
}
