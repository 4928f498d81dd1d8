package dev.berth.cli.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes a chunked body as it arrives, so a stream (logs -f, events, wait) yields each chunk as
 * soon as the daemon flushes it rather than at the end.
 */
final class ChunkedInputStream extends InputStream {
  private final InputStream in;
  private long remaining;
  private boolean done;

  ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (done) {
      return -1;
    }
    if (remaining == 0) {
      nextChunk();
      if (done) {
        return -1;
      }
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new EOFException("connection closed inside a chunk");
    }
    remaining -= n;
    if (remaining == 0) {
      ResponseHead.line(in);
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return done ? 0 : (int) Math.min(remaining, in.available());
  }

  private void nextChunk() throws IOException {
    String line = ResponseHead.line(in);
    if (line == null) {
      // A daemon that closes without the last chunk: treat as the end of the body.
      done = true;
      return;
    }
    int semi = line.indexOf(';');
    String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
    if (hex.isEmpty()) {
      nextChunk();
      return;
    }
    remaining = Long.parseLong(hex, 16);
    if (remaining == 0) {
      done = true;
      String trailer;
      while ((trailer = ResponseHead.line(in)) != null && !trailer.isEmpty()) {
        // trailers are ignored
      }
    }
  }
}
