package dev.berth.daemon.container;

import dev.berth.api.StreamFrames;
import dev.berth.api.StreamType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /containers/{id}/logs} from the container's json-file log and its rotated files:
 * stream selection, tail, since/until, timestamps, Docker's framing, and follow, which keeps
 * reading the open file across a rotation until the container stops.
 */
final class LogReader {
  private static final DateTimeFormatter FIXED_NANOS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'");
  private static final long FOLLOW_POLL_MS = 50;

  /** What the client asked for. */
  record Options(boolean stdout, boolean stderr, boolean timestamps, int tail, Instant since, Instant until,
      boolean follow, boolean tty) {}

  private final Path file;
  private final Options options;
  private final OutputStream out;
  /** The last record written was partial: the next one continues its line (one timestamp per line). */
  private boolean midLine;
  /** The identity (inode) of the file being followed. */
  private Object currentKey;

  LogReader(Path file, Options options, OutputStream out) {
    this.file = file;
    this.options = options;
    this.out = out;
  }

  /**
   * Writes the selected records; with {@code follow}, keeps writing new ones until
   * {@code stillRunning} turns false (and what was left is drained) or the client goes.
   */
  void copy(BooleanSupplier stillRunning, BooleanSupplier clientConnected) throws IOException, InterruptedException {
    RandomAccessFile current = openCurrent();
    try {
      List<List<LogRecord>> lines = new ArrayList<>();
      List<LogRecord> open = new ArrayList<>();
      for (Path p : JsonFileLog.files(file)) {
        if (p.equals(file)) {
          if (current != null) {
            readRecords(current, lines, open);
          }
        } else {
          try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "r")) {
            readRecords(raf, lines, open);
          } catch (java.io.FileNotFoundException rotatedAway) {
            // rotated out while we listed: its lines are gone, as in Docker
          }
        }
      }
      int from = options.tail() < 0 ? 0 : Math.max(0, lines.size() - options.tail());
      if (options.tail() == 0) {
        from = lines.size();
      }
      for (int i = from; i < lines.size(); i++) {
        for (LogRecord r : lines.get(i)) {
          write(r);
        }
      }
      // a line still being written: its start is written now, follow writes the rest
      if (options.tail() != 0) {
        for (LogRecord r : open) {
          write(r);
        }
      }
      if (!options.follow()) {
        return;
      }
      while (clientConnected.getAsBoolean()) {
        boolean running = stillRunning.getAsBoolean();
        if (current == null) {
          current = openCurrent();
        }
        if (current != null && current.length() > current.getFilePointer()) {
          List<List<LogRecord>> fresh = new ArrayList<>();
          List<LogRecord> partial = new ArrayList<>();
          readRecords(current, fresh, partial);
          for (List<LogRecord> l : fresh) {
            for (LogRecord r : l) {
              write(r);
            }
          }
          partial.forEach(this::writeUnchecked);
          continue;
        }
        if (current != null && !sameFile()) {
          // rotated: everything in the old file has been read; go on with the new one
          current.close();
          current = openCurrent();
          if (current != null) {
            current.seek(0);
          }
          continue;
        }
        if (!running || (options.until() != null && Instant.now().isAfter(options.until()))) {
          return;
        }
        Thread.sleep(FOLLOW_POLL_MS);
      }
    } finally {
      if (current != null) {
        current.close();
      }
    }
  }

  private RandomAccessFile openCurrent() throws IOException {
    try {
      currentKey = keyOf(file);
      return new RandomAccessFile(file.toFile(), "r");
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  /** Whether the open file is still the one at the log's path (rotation replaces it). */
  private boolean sameFile() throws IOException {
    return Objects.equals(currentKey, keyOf(file));
  }

  private static Object keyOf(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * Reads whole lines from the file's position to its end, grouping records into lines (a line
   * is its partial pieces plus the closing one). Leaves the position after the last whole line;
   * pieces of a line still being written go to {@code open}, and are consumed.
   */
  private void readRecords(RandomAccessFile raf, List<List<LogRecord>> lines, List<LogRecord> open) throws IOException {
    LogLines.read(raf, bytes -> {
      LogRecord r = LogRecord.parseJson(bytes);
      if (r != null && selected(r)) {
        open.add(r);
        if (!r.partial()) {
          lines.add(new ArrayList<>(open));
          open.clear();
        }
      }
    });
    if (options.tail() > 0) {
      while (lines.size() > options.tail() + 1) {
        lines.remove(0);
      }
    }
  }

  private boolean selected(LogRecord l) {
    if (l.stream() == StreamType.STDOUT && !options.stdout()) {
      return false;
    }
    if (l.stream() == StreamType.STDERR && !options.stderr()) {
      return false;
    }
    if (options.since() != null && l.time().isBefore(options.since())) {
      return false;
    }
    return options.until() == null || !l.time().isAfter(options.until());
  }

  private void writeUnchecked(LogRecord r) {
    try {
      write(r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void write(LogRecord l) throws IOException {
    byte[] text = l.partial() ? l.text() : append(l.text(), (byte) '\n');
    boolean continuation = midLine;
    midLine = l.partial();
    if (options.timestamps() && !continuation) {
      byte[] ts = (FIXED_NANOS.format(l.time().atOffset(ZoneOffset.UTC)) + " ").getBytes(StandardCharsets.US_ASCII);
      text = concat(ts, text);
    }
    if (options.tty()) {
      out.write(text);
    } else {
      out.write(StreamFrames.frame(l.stream(), text, 0, text.length));
    }
  }

  private static byte[] append(byte[] a, byte b) {
    byte[] r = java.util.Arrays.copyOf(a, a.length + 1);
    r[a.length] = b;
    return r;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
