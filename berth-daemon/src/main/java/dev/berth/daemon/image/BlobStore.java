package dev.berth.daemon.image;

import dev.berth.daemon.store.AtomicFiles;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Content-addressed blobs ({@code blobs/sha256/<hex>}): image configs and uncompressed layer tars.
 * A blob is written to a temp file while its digest is computed, fsynced, then renamed into place,
 * so a blob under its name is always complete and its name always true.
 */
public final class BlobStore {
  private final Path dir;
  private final Path tmp;

  public BlobStore(Path root) throws IOException {
    this.dir = Files.createDirectories(root.resolve("blobs").resolve("sha256"));
    this.tmp = Files.createDirectories(root.resolve("tmp"));
    removeLeftovers();
  }

  /** Blobs half-written when the daemon last stopped: never committed, safe to drop. */
  private void removeLeftovers() throws IOException {
    try (var s = Files.list(tmp)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("blob-")).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The directory for temporary files on the same filesystem as the blobs (renames stay atomic). */
  Path tmpDir() {
    return tmp;
  }

  public Path path(String digest) {
    return dir.resolve(Digests.hex(Digests.require(digest)));
  }

  public boolean has(String digest) {
    return Files.isRegularFile(path(digest));
  }

  public byte[] read(String digest) throws IOException {
    return Files.readAllBytes(path(digest));
  }

  public InputStream open(String digest) throws IOException {
    return Files.newInputStream(path(digest));
  }

  public long size(String digest) throws IOException {
    return Files.size(path(digest));
  }

  /** Stores bytes whose digest the caller may not know; returns it. */
  public String put(byte[] content) throws IOException {
    String digest = Digests.of(content);
    if (!has(digest)) {
      Path t = Files.createTempFile(tmp, "blob-", ".tmp");
      try {
        Files.write(t, content);
        AtomicFiles.fsync(t);
        AtomicFiles.rename(t, path(digest));
      } finally {
        Files.deleteIfExists(t);
      }
    }
    return digest;
  }

  /**
   * Starts a blob fed by a stream: wrap the source with {@link Writer#tee}, consume it, then
   * {@link Writer#commit}. Closing without commit discards it.
   */
  public Writer writer() throws IOException {
    return new Writer(Files.createTempFile(tmp, "blob-", ".tmp"));
  }

  /** A blob being written while something else reads the same bytes. */
  public final class Writer implements AutoCloseable {
    private final Path file;
    private final OutputStream out;
    private final MessageDigest digest = Digests.sha256();
    private long size;
    private boolean committed;

    private Writer(Path file) throws IOException {
      this.file = file;
      this.out = Files.newOutputStream(file);
    }

    /** A stream that reads {@code source} and copies every byte into this blob. */
    public InputStream tee(InputStream source) {
      return new FilterInputStream(source) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            out.write(b);
            digest.update((byte) b);
            size++;
          }
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            out.write(b, off, n);
            digest.update(b, off, n);
            size += n;
          }
          return n;
        }

        @Override
        public void close() {
          // the writer owns the blob; the caller owns the source
        }
      };
    }

    public long size() {
      return size;
    }

    /** Makes the blob durable under its digest and returns the digest. */
    public String commit() throws IOException {
      out.close();
      String d = Digests.format(digest.digest());
      Path target = path(d);
      if (Files.exists(target)) {
        Files.delete(file);
      } else {
        AtomicFiles.fsync(file);
        AtomicFiles.rename(file, target);
      }
      committed = true;
      return d;
    }

    @Override
    public void close() throws IOException {
      if (!committed) {
        out.close();
        Files.deleteIfExists(file);
      }
    }
  }

  /** Removes a blob; a missing blob is fine. */
  public void delete(String digest) throws IOException {
    Files.deleteIfExists(path(digest));
  }
}
