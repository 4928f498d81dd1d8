package dev.berth.daemon.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * Reads the whole lines of a log file that is still being appended to: from the file's position
 * to its end, stopping before a last line that has no newline yet, and leaving the position
 * there so the next read picks that line up whole.
 */
final class LogLines {
  /** Receives one line, without its newline. */
  interface Sink {
    void line(byte[] line) throws IOException;
  }

  private LogLines() {}

  static void read(RandomAccessFile raf, Sink sink) throws IOException {
    long consumed = raf.getFilePointer();
    byte[] chunk = new byte[64 * 1024];
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    int n;
    while ((n = raf.read(chunk)) > 0) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] == '\n') {
          pending.write(chunk, start, i - start);
          byte[] line = pending.toByteArray();
          pending.reset();
          consumed += line.length + 1;
          sink.line(line);
          start = i + 1;
        }
      }
      pending.write(chunk, start, n - start);
    }
    raf.seek(consumed);
  }
}
