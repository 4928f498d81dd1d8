package dev.berth.daemon.image;

import dev.berth.daemon.util.Messages;
import dev.berth.daemon.store.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The files of an image archive, spooled to disk as the tar streams past.
 *
 * <p>A tar may put {@code manifest.json} last and the layers first, so nothing can be imported
 * until the whole archive has been read; holding it in memory is not an option for gigabyte
 * layers. Each regular file goes to a numbered file in a private directory on the store's
 * filesystem: the archive's own names never become paths on disk, so no entry can write outside
 * the spool whatever it is called. Names are still checked (absolute names and {@code ..} refused)
 * because an archive that tries is hostile and should fail loudly.
 *
 * <p>Links are never created either. Older {@code docker save} writes a repeated layer as a
 * symbolic link to the first copy, so a link whose target stays inside the archive is kept as an
 * alias, resolved by name; one that points outside, or is absolute, is refused.
 *
 * <p>Files named {@code blobs/sha256/<hex>} are verified against their name while they are
 * written, so a corrupt or tampered blob fails here rather than as a wrong image later.
 */
final class ArchiveSpool implements AutoCloseable {
  /** JSON documents in an archive (manifests, configs, indexes) are small; a huge one is an attack. */
  static final int MAX_DOCUMENT = 32 << 20;
  private static final int MAX_LINK_HOPS = 16;

  private final Path dir;
  private final Map<String, Path> files = new HashMap<>();
  private final Map<String, String> aliases = new HashMap<>();
  private int counter;

  private ArchiveSpool(Path dir) {
    this.dir = dir;
  }

  /** Reads the whole archive (compressed or not) from {@code in} into a new spool under {@code parent}. */
  static ArchiveSpool read(InputStream in, Path parent) throws IOException {
    ArchiveSpool spool = new ArchiveSpool(Files.createTempDirectory(parent, "load-"));
    try {
      spool.fill(LayerStore.decompressed(in));
      return spool;
    } catch (IOException | RuntimeException e) {
      spool.close();
      throw e;
    }
  }

  /** Spools left by a daemon that stopped mid-load: nothing refers to them. */
  static void removeLeftovers(Path parent) throws IOException {
    try (var s = Files.list(parent)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("load-")).toList()) {
        AtomicFiles.deleteTree(p);
      }
    }
  }

  private void fill(InputStream in) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
    TarArchiveEntry e;
    boolean any = false;
    while ((e = tar.getNextEntry()) != null) {
      any = true;
      String name = normalize(e.getName());
      if (e.isDirectory() || name.isEmpty()) {
        continue;
      }
      if (e.isSymbolicLink()) {
        aliases.put(name, linkTarget(name, e.getLinkName()));
        forget(name);
      } else if (e.isLink()) {
        aliases.put(name, hardLinkTarget(name, e.getLinkName()));
        forget(name);
      } else if (e.isFile()) {
        aliases.remove(name);
        forget(name);
        files.put(name, copy(tar, name));
      } else if (!e.isGlobalPaxHeader() && !e.isPaxHeader()) {
        throw new UnsafeArchiveException("refusing archive entry \"" + e.getName()
            + "\": only files, directories and links belong in an image archive");
      }
    }
    if (!any) {
      throw new IOException("invalid archive: it is empty or not a tar file");
    }
  }

  private Path copy(InputStream tar, String name) throws IOException {
    Path file = dir.resolve(Integer.toString(counter++));
    MessageDigest md = Digests.sha256();
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), md)) {
      tar.transferTo(out);
    }
    String expected = blobDigest(name);
    if (expected != null) {
      String actual = Digests.format(md.digest());
      if (!actual.equals(expected)) {
        throw new IOException("invalid archive: " + Messages.oneLine(name) + " does not match its digest (its content is " + actual
            + ")");
      }
    }
    return file;
  }

  private void forget(String name) throws IOException {
    Path old = files.remove(name);
    if (old != null) {
      Files.deleteIfExists(old);
    }
  }

  /** The digest a blob's name promises, for {@code blobs/sha256/<64 hex>}; null for other names. */
  private static String blobDigest(String name) {
    if (name.startsWith("blobs/sha256/")) {
      String candidate = "sha256:" + name.substring("blobs/sha256/".length());
      return Digests.isDigest(candidate) ? candidate : null;
    }
    return null;
  }

  /** An entry name without {@code ./} and doubled slashes; absolute names and {@code ..} refused. */
  static String normalize(String name) throws UnsafeArchiveException {
    if (name.startsWith("/")) {
      throw new UnsafeArchiveException("refusing archive entry \"" + name + "\": absolute paths are not allowed");
    }
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new UnsafeArchiveException("refusing archive entry \"" + name + "\": \"..\" would leave the archive");
      }
      parts.add(part);
    }
    return String.join("/", parts);
  }

  /** A symbolic link's target as an archive name, resolved from the link's directory. */
  private static String linkTarget(String name, String target) throws UnsafeArchiveException {
    if (target.isEmpty() || target.startsWith("/")) {
      throw new UnsafeArchiveException("refusing archive entry \"" + name + "\": symbolic link to \"" + target
          + "\" points outside the archive");
    }
    int slash = name.lastIndexOf('/');
    List<String> parts = new ArrayList<>();
    if (slash > 0) {
      parts.addAll(List.of(name.substring(0, slash).split("/")));
    }
    for (String part : target.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw new UnsafeArchiveException("refusing archive entry \"" + name + "\": symbolic link to \"" + target
              + "\" points outside the archive");
        }
        parts.remove(parts.size() - 1);
      } else {
        parts.add(part);
      }
    }
    return String.join("/", parts);
  }

  /** A hard link names its target from the archive's root. */
  private static String hardLinkTarget(String name, String target) throws UnsafeArchiveException {
    try {
      return normalize(target);
    } catch (UnsafeArchiveException e) {
      throw new UnsafeArchiveException("refusing archive entry \"" + name + "\": hard link to \"" + target
          + "\" points outside the archive");
    }
  }

  /** The spooled file for an archive name, following in-archive links; null when absent. */
  Path file(String name) throws IOException {
    String n = normalize(name);
    for (int hops = 0; hops <= MAX_LINK_HOPS; hops++) {
      Path f = files.get(n);
      if (f != null) {
        return f;
      }
      String next = aliases.get(n);
      if (next == null) {
        return null;
      }
      n = next;
    }
    throw new IOException("invalid archive: too many levels of links at \"" + Messages.oneLine(name) + "\"");
  }

  boolean has(String name) throws IOException {
    return file(name) != null;
  }

  /** The file for a name the archive's manifest refers to; a clear error when the archive lacks it. */
  Path require(String name) throws IOException {
    Path f = file(name);
    if (f == null) {
      throw new IOException("invalid archive: it does not contain " + Messages.oneLine(name));
    }
    return f;
  }

  /** A small document (JSON) from the archive. */
  byte[] readDocument(String name) throws IOException {
    Path f = require(name);
    if (Files.size(f) > MAX_DOCUMENT) {
      throw new IOException("invalid archive: " + Messages.oneLine(name) + " is too large for a metadata document");
    }
    return Files.readAllBytes(f);
  }

  @Override
  public void close() throws IOException {
    AtomicFiles.deleteTree(dir);
  }
}
