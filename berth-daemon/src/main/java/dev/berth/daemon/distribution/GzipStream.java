package dev.berth.daemon.distribution;

import dev.berth.daemon.image.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip compression pulled by the reader (the HTTP client reads it as the upload body, so nothing
 * is buffered whole and no thread is needed), with the sha256 and size of the compressed bytes
 * computed as they go out: the digest a registry will name the blob by. The header carries no
 * name and no time, so the same tar always compresses to the same bytes and a re-push matches.
 */
final class GzipStream extends InputStream {
  /** Fast compression: a push is bound by it, and the ratio differs little from the default's. */
  static final int LEVEL = 1;
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  private final InputStream source;
  private final Deflater deflater = new Deflater(LEVEL, true);
  private final CRC32 crc = new CRC32();
  private final MessageDigest sha = Digests.sha256();
  private final byte[] input = new byte[256 << 10];
  private final byte[] pending = new byte[256 << 10];
  private int pendingPos;
  private int pendingLen;
  private long inputSize;
  private long outputSize;
  private boolean headerSent;
  private boolean trailerSent;
  private String digest;

  GzipStream(InputStream source) {
    this.source = source;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (pendingPos == pendingLen) {
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, pendingLen - pendingPos);
    System.arraycopy(pending, pendingPos, b, off, n);
    sha.update(pending, pendingPos, n);
    pendingPos += n;
    outputSize += n;
    return n;
  }

  /** Produces the next compressed bytes into {@code pending}; false at the very end. */
  private boolean fill() throws IOException {
    pendingPos = 0;
    pendingLen = 0;
    if (!headerSent) {
      System.arraycopy(HEADER, 0, pending, 0, HEADER.length);
      pendingLen = HEADER.length;
      headerSent = true;
      return true;
    }
    if (trailerSent) {
      if (digest == null) {
        digest = Digests.format(sha.digest());
        deflater.end();
      }
      return false;
    }
    while (pendingLen == 0) {
      if (deflater.finished()) {
        long c = crc.getValue();
        long s = inputSize;
        for (int i = 0; i < 4; i++) {
          pending[i] = (byte) (c >>> (8 * i));
          pending[4 + i] = (byte) (s >>> (8 * i));
        }
        pendingLen = 8;
        trailerSent = true;
        return true;
      }
      if (deflater.needsInput()) {
        int n = source.read(input, 0, input.length);
        if (n < 0) {
          deflater.finish();
        } else if (n > 0) {
          crc.update(input, 0, n);
          inputSize += n;
          deflater.setInput(input, 0, n);
        }
      }
      pendingLen = deflater.deflate(pending, 0, pending.length);
    }
    return true;
  }

  /** The compressed blob's digest, once the stream has been read to its end. */
  String digest() {
    if (digest == null) {
      throw new IllegalStateException("the layer has not been compressed to its end");
    }
    return digest;
  }

  long size() {
    return outputSize;
  }

  @Override
  public void close() throws IOException {
    source.close();
    if (digest == null) {
      deflater.end();
    }
  }
}
