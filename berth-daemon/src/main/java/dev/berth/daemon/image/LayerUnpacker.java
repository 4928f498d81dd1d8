package dev.berth.daemon.image;

import dev.berth.daemon.sys.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a layer tar into a directory in the form overlayfs reads.
 *
 * <p>Every entry is hostile until checked: absolute names and {@code ..} components are refused, an
 * entry is never written through a symbolic link that an earlier entry made, and hard and symbolic
 * links whose targets leave the layer are refused. Whiteouts become what overlayfs expects:
 * {@code .wh.<name>} a 0/0 character device named {@code <name>}, {@code .wh..wh..opq} the
 * {@code trusted.overlay.opaque=y} attribute on its directory. Owners, modes (setuid included),
 * times and extended attributes are kept, since images depend on them.
 */
public final class LayerUnpacker {
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  private static final String XATTR_PREFIX = "SCHILY.xattr.";

  private final Path root;
  private final Deque<DirMeta> dirTimes = new ArrayDeque<>();
  /**
   * Directories this unpack made or checked (real directories, not links): their entries' parents
   * need no more lstat calls, which were a good part of unpacking a large layer. Forgotten all at
   * once when an entry replaces one of them, as a later entry may.
   */
  private final java.util.Set<Path> knownDirs = new java.util.HashSet<>();
  private long size;

  private record DirMeta(Path path, int mode, FileTime mtime) {}

  private LayerUnpacker(Path root) {
    this.root = root;
  }

  /** Unpacks {@code tar} into {@code root} (which exists, usually empty); returns the bytes of content. */
  public static long unpack(InputStream tar, Path root) throws IOException {
    LayerUnpacker u = new LayerUnpacker(root);
    u.run(tar);
    return u.size;
  }

  private void run(InputStream in) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      List<String> parts = components(e.getName());
      if (parts.isEmpty()) {
        continue; // "./" itself
      }
      String base = parts.get(parts.size() - 1);
      Path parent = ensureParents(parts.subList(0, parts.size() - 1), e.getName());
      if (base.equals(OPAQUE)) {
        LibC.lsetxattr(parent.toString(), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
        continue;
      }
      if (base.startsWith(WHITEOUT)) {
        String hidden = base.substring(WHITEOUT.length());
        if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
          throw new UnsafeArchiveException("refusing tar entry \"" + e.getName() + "\": malformed whiteout");
        }
        Path target = parent.resolve(hidden);
        forgetIfKnown(target);
        removeExisting(target);
        LibC.mknod(target.toString(), LibC.S_IFCHR, 0);
        continue;
      }
      Path target = parent.resolve(base);
      write(tar, e, target);
    }
    // Directory modes and times last: creating children would change them.
    while (!dirTimes.isEmpty()) {
      DirMeta d = dirTimes.pop();
      LibC.chmod(d.path.toString(), d.mode);
      Files.getFileAttributeView(d.path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(d.mtime, null, null);
    }
  }

  private void write(TarArchiveInputStream tar, TarArchiveEntry e, Path target) throws IOException {
    int mode = e.getMode() & 07777;
    if (e.isDirectory()) {
      if (Files.isSymbolicLink(target) || (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target,
          LinkOption.NOFOLLOW_LINKS))) {
        removeExisting(target);
      }
      Files.createDirectories(target);
      knownDirs.add(target);
      own(target, e);
      applyXattrs(target, e);
      dirTimes.push(new DirMeta(target, mode, FileTime.from(e.getLastModifiedTime().toInstant())));
      return;
    }
    forgetIfKnown(target);
    removeExisting(target);
    if (e.isSymbolicLink()) {
      checkSymlink(e, target);
      Files.createSymbolicLink(target, Path.of(e.getLinkName()));
      own(target, e);
    } else if (e.isLink()) {
      List<String> parts = components(e.getLinkName());
      Path source = root;
      for (String p : parts) {
        if (Files.isSymbolicLink(source)) {
          throw new UnsafeArchiveException("refusing tar entry \"" + e.getName() + "\": its link target \""
              + e.getLinkName() + "\" passes through a symbolic link");
        }
        source = source.resolve(p);
      }
      if (parts.isEmpty() || !Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
        throw new UnsafeArchiveException("refusing tar entry \"" + e.getName() + "\": hard link to \""
            + e.getLinkName() + "\", which is not in the layer");
      }
      Files.createLink(target, source);
      return; // a hard link shares its target's owner, mode and times
    } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      int type = e.isCharacterDevice() ? LibC.S_IFCHR : e.isBlockDevice() ? LibC.S_IFBLK : LibC.S_IFIFO;
      long dev = LibC.makedev(e.getDevMajor(), e.getDevMinor());
      LibC.mknod(target.toString(), type | mode, dev);
      own(target, e);
      LibC.chmod(target.toString(), mode);
      // No times: the JDK sets them by opening the file, and opening a device node (a root
      // filesystem's /dev/ptmx) or a FIFO would act on the device or block. Their mtime matters to nobody.
      applyXattrs(target, e);
      return;
    } else if (e.isFile()) {
      Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
      size += e.getSize();
      own(target, e);
      LibC.chmod(target.toString(), mode);
    } else {
      return; // sockets and other exotic entries: Docker skips them as well
    }
    applyXattrs(target, e);
    Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(FileTime.from(e.getLastModifiedTime().toInstant()), null, null);
  }

  /** A relative link target must stay inside the layer once resolved from the link's directory. */
  private void checkSymlink(TarArchiveEntry e, Path target) throws IOException {
    String link = e.getLinkName();
    if (link.isEmpty()) {
      throw new UnsafeArchiveException("refusing tar entry \"" + e.getName() + "\": empty symbolic link");
    }
    if (link.startsWith("/")) {
      return; // absolute targets are resolved inside the container's root, never the host's
    }
    Path resolved = target.getParent().resolve(link).normalize();
    if (!resolved.startsWith(root)) {
      throw new UnsafeArchiveException("refusing tar entry \"" + e.getName() + "\": symbolic link to \"" + link
          + "\" points outside the layer");
    }
  }

  private void own(Path target, TarArchiveEntry e) throws IOException {
    LibC.lchown(target.toString(), (int) e.getLongUserId(), (int) e.getLongGroupId());
  }

  private void applyXattrs(Path target, TarArchiveEntry e) throws IOException {
    for (Map.Entry<String, String> h : e.getExtraPaxHeaders().entrySet()) {
      if (h.getKey().startsWith(XATTR_PREFIX)) {
        String name = h.getKey().substring(XATTR_PREFIX.length());
        if (name.startsWith("security.") || name.startsWith("user.") || name.startsWith("trusted.")) {
          LibC.lsetxattr(target.toString(), name, h.getValue().getBytes(StandardCharsets.ISO_8859_1));
        }
      }
    }
  }

  private static void removeExisting(Path target) throws IOException {
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      dev.berth.daemon.store.AtomicFiles.deleteTree(target);
    } else {
      Files.deleteIfExists(target);
    }
  }

  /** Creates missing parent directories; refuses to pass through a symbolic link. */
  private Path ensureParents(List<String> parents, String entryName) throws IOException {
    Path p = root;
    for (String part : parents) {
      p = p.resolve(part);
      if (knownDirs.contains(p)) {
        continue;
      }
      if (Files.isSymbolicLink(p)) {
        throw new UnsafeArchiveException("refusing tar entry \"" + entryName
            + "\": it would be written through the symbolic link \"" + root.relativize(p) + "\"");
      }
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(p);
      } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new UnsafeArchiveException("refusing tar entry \"" + entryName + "\": \"" + root.relativize(p)
            + "\" is not a directory");
      }
      knownDirs.add(p);
    }
    return p;
  }

  private void forgetIfKnown(Path target) {
    if (knownDirs.contains(target)) {
      knownDirs.clear();
    }
  }

  /** Splits an entry name; refuses absolute names and {@code ..}. */
  static List<String> components(String name) throws UnsafeArchiveException {
    if (name.startsWith("/")) {
      throw new UnsafeArchiveException("refusing tar entry \"" + name + "\": absolute paths are not allowed");
    }
    List<String> out = new ArrayList<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new UnsafeArchiveException("refusing tar entry \"" + name + "\": \"..\" would leave the target");
      }
      out.add(part);
    }
    return out;
  }
}
