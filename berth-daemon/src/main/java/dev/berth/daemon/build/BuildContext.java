package dev.berth.daemon.build;

import dev.berth.daemon.util.Messages;
import dev.berth.api.build.ContextPath;
import dev.berth.api.build.IgnoreMatcher;
import dev.berth.daemon.image.LayerStore;
import dev.berth.daemon.sys.RefusedEntry;
import dev.berth.daemon.sys.SafeTree;
import dev.berth.daemon.store.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A build's context: the tar the client sent (plain or compressed) kept as one spool file of the
 * files' bytes plus an index of every entry with its metadata and the SHA-256 of its content,
 * taken as it streams in. An enormous context costs disk, not memory.
 *
 * <p>An unchanged rebuild never writes the context out as files: COPY's cache key comes from the
 * index, and small-file creation is the slow part of a filesystem. Only a step that misses the
 * cache asks for {@link #directory()}, which unpacks the (non-ignored) entries once. Names are
 * cleaned on the way in; an entry that would leave the context is refused, and links stay links,
 * so nothing outside the context is ever read.
 */
final class BuildContext implements AutoCloseable {
  /** Entry types. */
  enum Type { FILE, DIR, SYMLINK, HARDLINK }

  /** One entry; {@code name} is context-relative and cleaned ("." is the root). */
  record Entry(String name, Type type, int mode, long mtimeMillis, String link, long offset, long size,
      byte[] sha256) {}

  private final Path work;
  private final Path spool;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private Path directory;

  private BuildContext(Path work) {
    this.work = work;
    this.spool = work.resolve("spool");
  }

  static BuildContext receive(InputStream body, Path parent) throws IOException {
    Path work = Files.createTempDirectory(Files.createDirectories(parent), "context-");
    BuildContext ctx = new BuildContext(work);
    try {
      ctx.read(LayerStore.decompressed(new BufferedInputStream(body, 1 << 16)));
      return ctx;
    } catch (IOException | RuntimeException e) {
      ctx.close();
      throw e;
    }
  }

  private void read(InputStream plain) throws IOException {
    MessageDigest md = sha256();
    byte[] buf = new byte[1 << 16];
    long offset = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16)) {
      TarArchiveInputStream tar = new TarArchiveInputStream(plain, StandardCharsets.UTF_8.name());
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = name(e.getName());
        if (name.equals(".")) {
          continue;
        }
        int mode = e.getMode() & 07777;
        long mtime = e.getLastModifiedTime().toMillis();
        if (e.isDirectory()) {
          entries.put(name, new Entry(name, Type.DIR, mode, mtime, null, 0, 0, null));
        } else if (e.isSymbolicLink()) {
          entries.put(name, new Entry(name, Type.SYMLINK, mode, mtime, e.getLinkName(), 0, 0, null));
        } else if (e.isLink()) {
          String target = name(e.getLinkName());
          Entry t = entries.get(target);
          if (t == null || (t.type() != Type.FILE && t.type() != Type.HARDLINK)) {
            // a hard link may only name a file the context already holds: never one outside it
            throw new BuildException("build context entry " + dev.berth.daemon.util.Messages.oneLine(name)
                + ": hard link to \"" + dev.berth.daemon.util.Messages.oneLine(e.getLinkName())
                + "\", which is not a file in the context");
          }
          entries.put(name, new Entry(name, Type.HARDLINK, mode, mtime, t.type() == Type.HARDLINK ? t.link() : target,
              0, 0, null));
        } else if (e.isFile()) {
          md.reset();
          long size = 0;
          int n;
          while ((n = tar.read(buf)) > 0) {
            out.write(buf, 0, n);
            md.update(buf, 0, n);
            size += n;
          }
          entries.put(name, new Entry(name, Type.FILE, mode, mtime, null, offset, size, md.digest()));
          offset += size;
        }
        // devices, FIFOs and sockets have no place in a build context: Docker's CLI skips them too
      }
    }
  }

  /** A cleaned entry name; one that climbs out of the context is refused. */
  private static String name(String raw) throws IOException {
    String n = ContextPath.relative(raw);
    if (n.equals("..") || n.startsWith("../")) {
      throw new BuildException("refusing build context entry \"" + Messages.oneLine(raw) + "\": it would be outside the context");
    }
    return n;
  }

  Entry entry(String name) {
    return entries.get(ContextPath.relative(name));
  }

  Collection<Entry> entries() {
    return entries.values();
  }

  /** The file entry whose bytes {@code e} has: itself, or a hard link's target. */
  private Entry file(Entry e) throws IOException {
    Entry f = e.type() == Type.HARDLINK ? entries.get(e.link()) : e;
    if (f == null || f.type() != Type.FILE) {
      throw new IOException(Messages.oneLine(e.name()) + " is not a file");
    }
    return f;
  }

  /** The most of a context file {@link #read} holds in memory: it is for the Dockerfile and .dockerignore. */
  static final long MAX_READ = 16 << 20;

  /**
   * A small regular file's content from the spool (a hard link reads its target's): the Dockerfile
   * or .dockerignore. One over {@link #MAX_READ} is refused rather than held in the heap; every
   * other file is streamed with {@link #open}.
   */
  byte[] read(Entry e) throws IOException {
    Entry f = file(e);
    if (f.size() > MAX_READ) {
      throw new BuildException(e.name() + " in the build context is " + f.size() + " bytes, over the 16 MiB berthd"
          + " reads of a Dockerfile or .dockerignore");
    }
    try (FileChannel ch = FileChannel.open(spool, StandardOpenOption.READ)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) f.size());
      ch.read(b, f.offset());
      return b.array();
    }
  }

  /** A regular file's content as a stream, for files too large to hold. */
  InputStream open(Entry e) throws IOException {
    Entry f = file(e);
    FileChannel ch = FileChannel.open(spool, StandardOpenOption.READ);
    ch.position(f.offset());
    return new java.io.FilterInputStream(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16)) {
      private long left = f.size();

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = super.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }
    };
  }

  /** Drops what .dockerignore excludes (the caller keeps the Dockerfile and .dockerignore in). */
  void exclude(IgnoreMatcher matcher) {
    if (matcher.isEmpty()) {
      return;
    }
    entries.values().removeIf(e -> matcher.isExcluded(e.name()));
  }

  /**
   * The context unpacked as files, made on first use: what a COPY that missed the cache, or a
   * source reached through a link inside the context, copies from.
   */
  synchronized Path directory() throws IOException {
    if (directory != null) {
      return directory;
    }
    Path dir = Files.createDirectory(work.resolve("files"));
    SafeTree.Options options = new SafeTree.Options().describe("build context entry", "context");
    try (FileChannel in = FileChannel.open(spool, StandardOpenOption.READ); SafeTree tree = SafeTree.open(dir, options)) {
      for (Entry e : entries.values()) {
        SafeTree.Meta meta = new SafeTree.Meta(e.mode(), -1, -1, Math.floorDiv(e.mtimeMillis(), 1000L),
            Math.floorMod(e.mtimeMillis(), 1000L) * 1_000_000L, java.util.Map.of());
        switch (e.type()) {
          case DIR -> tree.directory(e.name(), meta);
          case SYMLINK -> tree.symlink(e.name(), e.link(), meta);
          case HARDLINK -> {
            Entry target = entries.get(e.link());
            if (target != null && target.type() == Type.FILE) {
              tree.hardlink(e.name(), e.link());
            }
          }
          case FILE -> tree.file(e.name(), meta, slice(in, e));
        }
      }
      tree.finish();
    } catch (RefusedEntry e) {
      throw new BuildException(e.getMessage());
    }
    directory = dir;
    return dir;
  }

  /** The bytes of one file entry in the spool, as a stream over the shared channel. */
  private static InputStream slice(FileChannel in, Entry e) {
    return new InputStream() {
      private long pos = e.offset();
      private final long end = e.offset() + e.size();

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (pos >= end) {
          return -1;
        }
        int n = in.read(java.nio.ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos)), pos);
        if (n > 0) {
          pos += n;
        }
        return n;
      }
    };
  }

  /** The directory that holds the context's spool, for a step's temporary files. */
  Path workDir() {
    return work;
  }

  @Override
  public void close() throws IOException {
    AtomicFiles.deleteTree(work);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
