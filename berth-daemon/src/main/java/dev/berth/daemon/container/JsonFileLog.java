package dev.berth.daemon.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's log in Docker's json-file format, with Docker's rotation: past {@code max-size}
 * the file is renamed to {@code .1} (older ones shift up to {@code max-file - 1}) and a new one
 * begins; with one file it starts over.
 */
final class JsonFileLog implements AutoCloseable {
  private final Path file;
  private final long maxSize;
  private final int maxFiles;
  private FileChannel channel;
  private long size;

  JsonFileLog(Path file, long maxSize, int maxFiles) throws IOException {
    this.file = file;
    this.maxSize = maxSize;
    this.maxFiles = Math.max(1, maxFiles);
    open();
  }

  private JsonFileLog() {
    this.file = null;
    this.maxSize = -1;
    this.maxFiles = 1;
  }

  /** The {@code none} log driver: output is drained from conmon's spool and kept nowhere. */
  static JsonFileLog none() {
    return new JsonFileLog();
  }

  private void open() throws IOException {
    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = channel.size();
  }

  void append(byte[] line) throws IOException {
    if (file == null) {
      return;
    }
    if (maxSize > 0 && size > 0 && size + line.length > maxSize) {
      rotate();
    }
    ByteBuffer b = ByteBuffer.wrap(line);
    while (b.hasRemaining()) {
      channel.write(b);
    }
    size += line.length;
  }

  private void rotate() throws IOException {
    channel.close();
    if (maxFiles > 1) {
      Files.deleteIfExists(rotated(file, maxFiles - 1));
      for (int i = maxFiles - 2; i >= 1; i--) {
        if (Files.exists(rotated(file, i))) {
          Files.move(rotated(file, i), rotated(file, i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.move(file, rotated(file, 1), StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.delete(file);
    }
    open();
  }

  static Path rotated(Path file, int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }

  /** The log's files, oldest first, the current one last. */
  static List<Path> files(Path file) {
    List<Path> out = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      Path r = rotated(file, i);
      if (Files.exists(r)) {
        out.add(r);
      }
    }
    out.add(file);
    return out;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
