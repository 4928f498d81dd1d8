package dev.berth.daemon.distribution;

import dev.berth.daemon.image.ContentLimits;
import dev.berth.daemon.image.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/**
 * A blob as it streams from the registry, hashed as it is read: at its end the byte count and
 * sha256 must be what the manifest said, or reading fails ("filesystem layer verification
 * failed"). A connection cut in the middle is resumed where it stopped with a Range request (a
 * registry that ignores Range is read past the bytes already seen), a few times, then given up.
 *
 * <p>A descriptor without a size (or with a negative one) does not make the blob unbounded: it
 * stops at {@link ContentLimits#maxCompressed()}, and a declared size above that is refused
 * before a byte is fetched.
 */
final class VerifiedBlobStream extends InputStream {
  private static final int RETRIES = 3;
  private final RegistryClient client;
  private final String digest;
  private final long size;
  /** The most bytes this blob may have: its declared size, or the configured cap without one. */
  private final long limit;
  private final LongConsumer progress;
  private final MessageDigest sha = Digests.sha256();
  private InputStream in;
  private long count;
  private int retries;
  private boolean verified;

  VerifiedBlobStream(RegistryClient client, String digest, long size, LongConsumer progress) throws IOException {
    this.client = client;
    this.digest = digest;
    this.size = size;
    this.progress = progress;
    long cap = ContentLimits.maxCompressed();
    if (size > cap) {
      throw new IOException("refusing blob " + digest + ": its descriptor declares " + ContentLimits.human(size)
          + ", over the " + ContentLimits.human(cap) + " limit (berthd's BERTH_MAX_LAYER_SIZE)");
    }
    this.limit = size > 0 ? size : cap;
    this.in = client.blob(digest, 0).body();
  }

  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (true) {
      int n;
      try {
        n = in.read(b, off, len);
      } catch (RegistryException | java.io.InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        if (retries++ >= RETRIES) {
          throw new IOException("download of " + Digests.hex(digest).substring(0, 12) + " failed after "
              + RETRIES + " retries: " + e.getMessage(), e);
        }
        reopen();
        continue;
      }
      if (n < 0) {
        verify();
        return -1;
      }
      count += n;
      if (count > limit) {
        throw new IOException(size > 0 ? "filesystem layer verification failed for digest " + digest
            + ": the registry sent more than the " + size + " bytes the manifest declares"
            : "refusing blob " + digest + ": its descriptor gives no size and the registry sent more than the "
                + ContentLimits.human(limit) + " limit (berthd's BERTH_MAX_LAYER_SIZE)");
      }
      sha.update(b, off, n);
      progress.accept(count);
      return n;
    }
  }

  private void reopen() throws IOException {
    try {
      in.close();
    } catch (IOException ignored) {
      // the old connection is gone anyway
    }
    HttpResponse<InputStream> r = client.blob(digest, count);
    in = r.body();
    if (r.statusCode() == 200 && count > 0) {
      in.skipNBytes(count); // no Range support: skip what was already hashed
    }
  }

  /** Reads to the end (a decompressor may stop before the blob's last bytes) and verifies. */
  void drainAndVerify() throws IOException {
    byte[] buf = new byte[64 << 10];
    while (read(buf, 0, buf.length) >= 0) {
      // counted and hashed by read
    }
  }

  private void verify() throws IOException {
    if (verified) {
      return;
    }
    String actual = Digests.format(sha.digest());
    if ((size > 0 && count != size) || !actual.equals(digest)) {
      throw new IOException("filesystem layer verification failed for digest " + digest);
    }
    verified = true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
