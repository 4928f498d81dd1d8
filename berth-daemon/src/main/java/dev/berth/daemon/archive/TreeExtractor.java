package dev.berth.daemon.archive;

import dev.berth.daemon.sys.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a tar stream into a directory of a container ({@code docker cp} into it, the archive
 * PUT). Where each entry lands is decided by a {@link Resolver} that keeps it inside the container,
 * so an entry named {@code ../../x}, or one written under a symbolic link that points at
 * {@code /}, stays inside. Files are created fresh (never written through an existing link), and
 * owners come from the archive only when asked ({@code copyUIDGID}); otherwise they become root's,
 * as with Docker.
 */
public final class TreeExtractor {
  /** Maps an entry's path (relative to the destination directory) to the host path it may write. */
  @FunctionalInterface
  public interface Resolver {
    Path resolve(String relativePath) throws IOException;
  }

  /** A problem with the archive or the destination that the client caused: reported as a 400. */
  public static final class RefusedException extends IOException {
    public RefusedException(String message) {
      super(message);
    }
  }

  private record DirMeta(Path path, int mode, FileTime mtime) {}

  private final Resolver resolver;
  private final boolean copyOwners;
  private final boolean noOverwriteDirNonDir;
  private final Deque<DirMeta> dirs = new ArrayDeque<>();
  private int[] owner;
  private Integer mode;

  public TreeExtractor(Resolver resolver, boolean copyOwners, boolean noOverwriteDirNonDir) {
    this.resolver = resolver;
    this.copyOwners = copyOwners;
    this.noOverwriteDirNonDir = noOverwriteDirNonDir;
  }

  /** Every entry gets this owner ({@code COPY --chown}). */
  public TreeExtractor owner(int uid, int gid) {
    this.owner = new int[] {uid, gid};
    return this;
  }

  /** Every file and directory gets this mode ({@code COPY --chmod}). */
  public TreeExtractor mode(int permissions) {
    this.mode = permissions;
    return this;
  }

  public void extract(InputStream in) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      String name = e.getName();
      if (name.isEmpty() || name.equals(".") || name.equals("./")) {
        continue;
      }
      Path target = resolver.resolve(name);
      Path parent = target.getParent();
      if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(parent);
      }
      write(tar, e, target);
    }
    while (!dirs.isEmpty()) {
      DirMeta d = dirs.pop();
      LibC.chmod(d.path().toString(), d.mode());
      Files.getFileAttributeView(d.path(), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(d.mtime(), null, null);
    }
  }

  private void write(TarArchiveInputStream tar, TarArchiveEntry e, Path target) throws IOException {
    int mode = this.mode != null ? this.mode : e.getMode() & 07777;
    boolean existsAsDir = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
    boolean exists = existsAsDir || Files.exists(target, LinkOption.NOFOLLOW_LINKS);
    if (noOverwriteDirNonDir && exists && existsAsDir != e.isDirectory()) {
      throw new RefusedException(existsAsDir
          ? "cannot overwrite directory \"" + e.getName() + "\" with non-directory"
          : "cannot overwrite non-directory \"" + e.getName() + "\" with directory");
    }
    if (e.isDirectory()) {
      if (exists && !existsAsDir) {
        Files.delete(target);
      }
      if (!existsAsDir) {
        Files.createDirectory(target);
      }
      own(target, e);
      dirs.push(new DirMeta(target, mode, FileTime.from(e.getLastModifiedTime().toInstant())));
      return;
    }
    if (existsAsDir) {
      dev.berth.daemon.store.AtomicFiles.deleteTree(target);
    } else {
      Files.deleteIfExists(target);
    }
    if (e.isSymbolicLink()) {
      Files.createSymbolicLink(target, Path.of(e.getLinkName()));
      own(target, e);
    } else if (e.isLink()) {
      Path source = resolver.resolve(e.getLinkName());
      if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
        throw new RefusedException("hard link \"" + e.getName() + "\" to \"" + e.getLinkName()
            + "\", which is not a file in the archive");
      }
      Files.createLink(target, source);
      return;
    } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      int type = e.isCharacterDevice() ? LibC.S_IFCHR : e.isBlockDevice() ? LibC.S_IFBLK : LibC.S_IFIFO;
      long dev = LibC.makedev(e.getDevMajor(), e.getDevMinor());
      LibC.mknod(target.toString(), type | mode, dev);
      own(target, e);
      LibC.chmod(target.toString(), mode);
    } else if (e.isFile()) {
      // CREATE_NEW is O_EXCL: it never follows a link that appeared in the meantime
      try (var out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        tar.transferTo(out);
      }
      own(target, e);
      LibC.chmod(target.toString(), mode);
    } else {
      return;
    }
    Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(FileTime.from(e.getLastModifiedTime().toInstant()), null, null);
  }

  private void own(Path target, TarArchiveEntry e) throws IOException {
    if (owner != null) {
      LibC.lchown(target.toString(), owner[0], owner[1]);
    } else if (copyOwners) {
      LibC.lchown(target.toString(), (int) e.getLongUserId(), (int) e.getLongGroupId());
    } else {
      LibC.lchown(target.toString(), 0, 0);
    }
  }
}
