package dev.berth.daemon.container;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a container's output from conmon's spool into its json-file log. conmon keeps writing the
 * spool while berthd is down, and the shipper remembers how far it got (a small offset file), so
 * after a restart it ships what was written meanwhile. It runs on a virtual thread while the
 * container runs and drains once more when the container exits.
 */
final class LogShipper {
  private static final Logger LOG = LoggerFactory.getLogger(LogShipper.class);
  private static final long POLL_MS = 20;

  private final Path spool;
  private final Path offsetFile;
  private final JsonFileLog out;
  private volatile boolean stopping;
  private final Object wakeup = new Object();
  private Thread thread;
  private long offset;
  private Object spoolKey;

  LogShipper(Path spool, Path offsetFile, JsonFileLog out) throws IOException {
    this.spool = spool;
    this.offsetFile = offsetFile;
    this.out = out;
    loadOffset();
  }

  /** Ships continuously until {@link #stop()}. */
  void start() {
    thread = Thread.ofVirtual().name("log-shipper").start(() -> {
      while (!stopping) {
        try {
          drain();
          synchronized (wakeup) {
            if (!stopping) {
              wakeup.wait(POLL_MS);
            }
          }
        } catch (InterruptedException e) {
          return;
        } catch (IOException e) {
          LOG.warn("shipping {} failed: {}", spool, e.getMessage());
        }
      }
    });
  }

  /** Stops the loop and ships what is left; the log is complete when this returns. */
  void stop() {
    stopping = true;
    synchronized (wakeup) {
      wakeup.notifyAll();
    }
    if (thread != null) {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      drain();
      out.close();
    } catch (IOException e) {
      LOG.warn("final shipping of {} failed: {}", spool, e.getMessage());
    }
  }

  /** Ships every whole spool line past the offset. */
  synchronized void drain() throws IOException {
    Object key;
    long size;
    try {
      BasicFileAttributes a = Files.readAttributes(spool, BasicFileAttributes.class);
      key = a.fileKey();
      size = a.size();
    } catch (NoSuchFileException e) {
      return;
    }
    if (spoolKey != null && !spoolKey.equals(key) || size < offset) {
      // conmon replaced or truncated the spool when it reached its size cap
      offset = 0;
    }
    spoolKey = key;
    if (size == offset) {
      return;
    }
    try (RandomAccessFile raf = new RandomAccessFile(spool.toFile(), "r")) {
      raf.seek(offset);
      LogLines.read(raf, line -> {
        LogRecord r = LogRecord.parseSpool(line);
        if (r != null) {
          out.append(r.toJsonLine());
        }
      });
      offset = raf.getFilePointer();
    }
    saveOffset();
  }

  private void loadOffset() throws IOException {
    if (!Files.exists(offsetFile)) {
      return;
    }
    String[] parts = Files.readString(offsetFile).strip().split(" ", 2);
    try {
      offset = Long.parseLong(parts[0]);
      if (parts.length > 1 && Files.exists(spool)) {
        Object key = Files.readAttributes(spool, BasicFileAttributes.class).fileKey();
        if (key != null && !key.toString().equals(parts[1])) {
          offset = 0;
        }
        spoolKey = key;
      }
    } catch (NumberFormatException e) {
      offset = 0;
    }
  }

  private void saveOffset() throws IOException {
    String text = offset + (spoolKey == null ? "" : " " + spoolKey);
    Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    Files.move(tmp, offsetFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
