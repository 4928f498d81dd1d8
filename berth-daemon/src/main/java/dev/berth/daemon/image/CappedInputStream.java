package dev.berth.daemon.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decompressed bytes, counted as they are read: past the cap, reading fails with one line that
 * names the limit, so a decompression bomb stops there instead of filling the disk. The stream
 * is only ever read forward by the tar readers, so mark and skip need no care beyond counting.
 */
final class CappedInputStream extends FilterInputStream {
  private final long cap;
  private long count;

  CappedInputStream(InputStream in, long cap) {
    super(in);
    this.cap = cap;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      counted(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(n);
    if (s > 0) {
      counted(s);
    }
    return s;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void counted(long n) throws IOException {
    count += n;
    if (count > cap) {
      throw new IOException("refusing a layer that decompresses to more than " + ContentLimits.human(cap)
          + " (a decompression bomb?); berthd's BERTH_MAX_LAYER_UNPACKED sets the limit");
    }
  }
}
