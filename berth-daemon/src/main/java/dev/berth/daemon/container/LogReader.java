package dev.berth.daemon.container;

import dev.berth.api.StreamFrames;
import dev.berth.api.StreamType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /containers/{id}/logs} from the log conmon writes: one record per line,
 * {@code <RFC3339Nano time> <stdout|stderr> <P|F> <text>}, where {@code P} marks a partial line
 * that the next record continues. Because conmon writes it, the log keeps growing while berthd is
 * down, and {@code follow} picks up whatever was written meanwhile.
 */
final class LogReader {
  private static final DateTimeFormatter FIXED_NANOS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'");
  private static final long FOLLOW_POLL_MS = 50;

  /** What the client asked for. */
  record Options(boolean stdout, boolean stderr, boolean timestamps, int tail, Instant since, Instant until,
      boolean follow, boolean tty) {}

  private record Line(Instant time, StreamType stream, boolean partial, byte[] text) {}

  private final Path file;
  private final Options options;
  private final OutputStream out;
  /** The last record written was partial: the next one continues its line (one timestamp per line). */
  private boolean midLine;

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
    long offset = 0;
    if (options.tail() >= 0) {
      offset = writeTail();
    } else {
      offset = writeFrom(0);
    }
    if (!options.follow()) {
      return;
    }
    long inode = inode();
    while (clientConnected.getAsBoolean()) {
      boolean running = stillRunning.getAsBoolean();
      long size = Files.exists(file) ? Files.size(file) : 0;
      long currentInode = inode();
      if (currentInode != inode || size < offset) {
        // conmon rotated or truncated the log: start over on the new file
        inode = currentInode;
        offset = 0;
      }
      if (size > offset) {
        offset = writeFrom(offset);
        continue;
      }
      if (!running || (options.until() != null && Instant.now().isAfter(options.until()))) {
        return;
      }
      Thread.sleep(FOLLOW_POLL_MS);
    }
  }

  private long inode() throws IOException {
    if (!Files.exists(file)) {
      return -1;
    }
    Object key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    return key == null ? 0 : key.hashCode();
  }

  /** Writes whole records from {@code offset}; returns the offset after the last whole record. */
  private long writeFrom(long offset) throws IOException {
    if (!Files.exists(file)) {
      return offset;
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      raf.seek(offset);
      byte[] chunk = new byte[64 * 1024];
      java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
      long consumed = offset;
      int n;
      while ((n = raf.read(chunk)) > 0) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (chunk[i] == '\n') {
            pending.write(chunk, start, i - start);
            byte[] record = pending.toByteArray();
            pending.reset();
            consumed += record.length + 1;
            Line line = parse(record);
            if (line != null && selected(line)) {
              write(line);
            }
            start = i + 1;
          }
        }
        pending.write(chunk, start, n - start);
      }
      return consumed;
    }
  }

  /** Keeps only the last {@code tail} whole lines (a partial record belongs to the line it starts). */
  private long writeTail() throws IOException {
    if (!Files.exists(file) || options.tail() == 0) {
      return Files.exists(file) ? Files.size(file) : 0;
    }
    ArrayDeque<java.util.List<Line>> lines = new ArrayDeque<>();
    java.util.List<Line> current = new java.util.ArrayList<>();
    long consumed = 0;
    try (var in = new java.io.BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
      java.io.ByteArrayOutputStream rec = new java.io.ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        if (b != '\n') {
          rec.write(b);
          continue;
        }
        byte[] record = rec.toByteArray();
        rec.reset();
        consumed += record.length + 1;
        Line line = parse(record);
        if (line == null || !selected(line)) {
          continue;
        }
        current.add(line);
        if (!line.partial()) {
          lines.addLast(current);
          current = new java.util.ArrayList<>();
          if (lines.size() > options.tail()) {
            lines.removeFirst();
          }
        }
      }
    }
    if (!current.isEmpty()) {
      // a line still being written does not count toward the tail; its start is written now and
      // follow writes the rest
      lines.addLast(current);
    }
    for (java.util.List<Line> parts : lines) {
      for (Line l : parts) {
        write(l);
      }
    }
    return consumed;
  }

  private boolean selected(Line l) {
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

  private void write(Line l) throws IOException {
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

  static Line parse(byte[] record) {
    int s1 = indexOf(record, (byte) ' ', 0);
    int s2 = s1 < 0 ? -1 : indexOf(record, (byte) ' ', s1 + 1);
    int s3 = s2 < 0 ? -1 : indexOf(record, (byte) ' ', s2 + 1);
    if (s3 < 0) {
      // an empty final record: "<ts> stdout F" without the separator
      if (s2 > 0 && record.length > s2 + 1) {
        s3 = record.length;
      } else {
        return null;
      }
    }
    try {
      Instant time = OffsetDateTime.parse(new String(record, 0, s1, StandardCharsets.US_ASCII)).toInstant();
      String stream = new String(record, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII);
      boolean partial = record[s2 + 1] == 'P';
      byte[] text = s3 >= record.length ? new byte[0] : java.util.Arrays.copyOfRange(record, s3 + 1, record.length);
      return new Line(time, stream.equals("stderr") ? StreamType.STDERR : StreamType.STDOUT, partial, text);
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
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
