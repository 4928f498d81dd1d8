package dev.berth.daemon.archive;

import dev.berth.daemon.sys.LibC;
import dev.berth.daemon.sys.RefusedEntry;
import dev.berth.daemon.sys.SafeTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a tar stream into a directory of a container ({@code docker cp} into it, the archive
 * PUT, COPY and ADD in builds) through {@link SafeTree}, rooted at the container's root: an entry
 * named {@code ../../x}, or one written under a symbolic link that points at {@code /}, stays
 * inside, as with Docker's chrooted unpack. Owners come from the archive only when asked
 * ({@code copyUIDGID}); otherwise they become root's, as with Docker.
 */
public final class TreeExtractor {
  /** A problem with the archive or the destination that the client caused: reported as a 400. */
  public static final class RefusedException extends IOException {
    public RefusedException(String message) {
      super(message);
    }
  }

  private final Path root;
  private final SafeTree.Options options;
  private final String dir;
  private final boolean copyOwners;
  private int[] owner;
  private Integer mode;

  /**
   * @param root the container's root directory on the host
   * @param options how the tree is opened (links followed inside the root, mounts, read-only parts)
   * @param dir the directory, inside the root, that entries are relative to
   */
  public TreeExtractor(Path root, SafeTree.Options options, String dir, boolean copyOwners) {
    this.root = root;
    this.options = options;
    this.dir = dir;
    this.copyOwners = copyOwners;
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
    try (SafeTree tree = SafeTree.open(root, options)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = e.getName();
        if (name.isEmpty() || name.equals(".") || name.equals("./")) {
          continue;
        }
        write(tree, tar, e, join(dir, name));
      }
      tree.finish();
    } catch (RefusedEntry e) {
      throw new RefusedException(e.getMessage());
    }
  }

  private void write(SafeTree tree, TarArchiveInputStream tar, TarArchiveEntry e, String target) throws IOException {
    int m = this.mode != null ? this.mode : e.getMode() & 07777;
    int uid = owner != null ? owner[0] : copyOwners ? (int) e.getLongUserId() : 0;
    int gid = owner != null ? owner[1] : copyOwners ? (int) e.getLongGroupId() : 0;
    SafeTree.Meta meta = new SafeTree.Meta(m, uid, gid, e.getLastModifiedTime().toInstant().getEpochSecond(),
        e.getLastModifiedTime().toInstant().getNano(), Map.of());
    if (e.isDirectory()) {
      tree.directory(target, meta);
    } else if (e.isSymbolicLink()) {
      tree.symlink(target, e.getLinkName(), meta);
    } else if (e.isLink()) {
      tree.hardlink(target, join(dir, e.getLinkName()));
    } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      int type = e.isCharacterDevice() ? LibC.S_IFCHR : e.isBlockDevice() ? LibC.S_IFBLK : LibC.S_IFIFO;
      tree.node(target, type, LibC.makedev(e.getDevMajor(), e.getDevMinor()), meta);
    } else if (e.isFile()) {
      tree.file(target, meta, tar);
    }
  }

  private static String join(String dir, String entry) {
    return dir.endsWith("/") ? dir + entry : dir + "/" + entry;
  }
}
