package dev.berth.daemon.sys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way Berth writes entries into a directory tree (layers, build contexts, {@code ADD}
 * archives, {@code cp} into containers, volume copies, {@code import}), built so that no entry can
 * reach anything outside the tree's root.
 *
 * <ul>
 *   <li>Each entry's parent is found by {@link BeneathWalk}, relative to the root's descriptor,
 *       with no symbolic link followed by the kernel; the entry is then made relative to its
 *       parent's descriptor ({@code openat(O_CREAT | O_EXCL | O_NOFOLLOW)}, {@code mkdirat},
 *       {@code symlinkat}, {@code mknodat}, {@code linkat}).
 *   <li>Owner, mode, times and attributes are set on the open descriptor of what was just made, or
 *       with {@code AT_SYMLINK_NOFOLLOW} on links and device nodes: never through a link.
 *   <li>A directory's time is set last (its children would change it), and only if the path is
 *       still the directory that was made (same device and inode); otherwise it is dropped.
 *   <li>A hard link's target is found the same way inside the root, and must already be there.
 * </ul>
 *
 * <p>The parent directory's descriptor is kept from one entry to the next, so the files of one
 * directory, which tars list together, cost no lookups. One instance belongs to one thread.
 */
public final class SafeTree implements AutoCloseable {
  /** A directory mounted at {@code path} (relative to the root) from {@code source} on the host. */
  public record Mount(String path, Path source, boolean rw) {}

  /** Owner, mode, time and attributes of an entry; {@code uid < 0} leaves the owner as made. */
  public record Meta(int mode, int uid, int gid, long mtimeSeconds, long mtimeNanos, Map<String, byte[]> xattrs) {
    public static Meta of(int mode, int uid, int gid, java.time.Instant mtime) {
      return new Meta(mode, uid, gid, mtime.getEpochSecond(), mtime.getNano(), Map.of());
    }

    public Meta withXattrs(Map<String, byte[]> x) {
      return new Meta(mode, uid, gid, mtimeSeconds, mtimeNanos, x);
    }
  }

  /** How a tree is opened. */
  public static final class Options {
    private BeneathWalk.Links links = BeneathWalk.Links.REFUSE;
    private final Map<String, Mount> mounts = new HashMap<>();
    private boolean rootReadOnly;
    private boolean keepDirs;
    private boolean durable;
    private String label = "entry";
    private String scope = "target";

    /** Links in parents are followed inside the root, as a chroot would (cp and COPY into a container). */
    public Options followLinksInRoot() {
      links = BeneathWalk.Links.IN_ROOT;
      return this;
    }

    public Options mount(String inRoot, Path source, boolean rw) {
      String p = inRoot.replaceAll("^/+|/+$", "");
      mounts.put(p, new Mount(p, source, rw));
      return this;
    }

    public Options rootReadOnly(boolean ro) {
      rootReadOnly = ro;
      return this;
    }

    /** An existing directory is not replaced by a non-directory, nor the reverse (docker cp's noOverwriteDirNonDir). */
    public Options keepDirs(boolean keep) {
      keepDirs = keep;
      return this;
    }

    /** {@link #finish} makes everything written durable (syncfs) before it returns. */
    public Options durable() {
      durable = true;
      return this;
    }

    /** Names entries and the tree in refusals: "layer entry", "layer". */
    public Options describe(String label, String scope) {
      this.label = label;
      this.scope = scope;
      return this;
    }
  }

  private record DirTime(List<String> parts, long dev, long ino, long sec, long nsec) {}

  private final Fs fs = new Fs();
  private final int rootFd;
  private final Options opt;
  private final BeneathWalk walk;
  private final List<DirTime> dirTimes = new ArrayList<>();
  private final byte[] copy = new byte[1 << 16];
  private String cachedParent;
  private BeneathWalk.Dir cached;
  private long bytes;

  private SafeTree(Path root, Options opt) throws IOException {
    this.opt = opt;
    try {
      this.rootFd = fs.openat(Fs.AT_FDCWD, root.toString(), Fs.O_RDONLY | Fs.O_DIRECTORY, 0);
    } catch (IOException e) {
      fs.close();
      throw e;
    }
    this.walk = new BeneathWalk(fs, rootFd, opt.links, opt.mounts, opt.rootReadOnly,
        (entry, why) -> new RefusedEntry(opt.label + " " + entry + ": " + why), opt.scope);
  }

  /** Opens {@code root} (an existing directory, trusted: the caller's own) for writing entries. */
  public static SafeTree open(Path root, Options options) throws IOException {
    return new SafeTree(root, options);
  }

  /** Bytes of file content written so far. */
  public long bytes() {
    return bytes;
  }

  // ---- entries

  public void directory(String name, Meta meta) throws IOException {
    Target t = target(name);
    if (t == null) {
      return; // the root itself: its metadata is the caller's
    }
    int fd = -1;
    for (int tries = 0; fd < 0; tries++) {
      try {
        fd = fs.openat(t.dir.fd(), t.base, Fs.O_RDONLY | Fs.O_DIRECTORY | Fs.O_NOFOLLOW, 0);
      } catch (Fs.Errno e) {
        if (e.errno == Fs.ENOENT && tries < 3) {
          writable(name, t);
          mkdir(name, t);
          continue;
        }
        if ((e.errno == Fs.ELOOP || e.errno == Fs.ENOTDIR) && tries < 3) {
          if (opt.keepDirs) {
            throw refused(name, "cannot overwrite non-directory \"" + name + "\" with directory");
          }
          writable(name, t);
          remove(t.dir.fd(), t.base);
          continue;
        }
        throw e;
      }
    }
    try {
      if (meta.uid() >= 0) {
        fs.fchown(fd, meta.uid(), meta.gid());
      }
      fs.fchmod(fd, meta.mode() & 07777);
      xattrs(fd, meta);
      Fs.Stat st = fs.lstatat(fd, "");
      List<String> parts = new ArrayList<>(t.parentParts);
      parts.add(t.base);
      dirTimes.add(new DirTime(parts, st.dev(), st.ino(), meta.mtimeSeconds(), meta.mtimeNanos()));
    } catch (Fs.Errno e) {
      if (e.errno == Fs.EROFS) {
        throw refused(name, "read-only file system");
      }
      throw e;
    } finally {
      fs.close(fd);
    }
  }

  private void mkdir(String name, Target t) throws IOException {
    try {
      fs.mkdirat(t.dir.fd(), t.base, 0700);
    } catch (Fs.Errno e) {
      if (e.errno == Fs.EROFS) {
        throw refused(name, "read-only file system");
      }
      if (e.errno != Fs.EEXIST) {
        throw e;
      }
    }
  }

  /** A regular file with {@code content} (read to its end). */
  public void file(String name, Meta meta, InputStream content) throws IOException {
    Target t = target(name);
    requireBase(name, t);
    writable(name, t);
    int fd = create(name, t, () -> fs.openat(t.dir.fd(), t.base,
        Fs.O_WRONLY | Fs.O_CREAT | Fs.O_EXCL | Fs.O_NOFOLLOW, 0600));
    try {
      int n;
      while ((n = content.read(copy)) > 0) {
        fs.write(fd, copy, 0, n);
        bytes += n;
      }
      if (meta.uid() >= 0) {
        fs.fchown(fd, meta.uid(), meta.gid());
      }
      fs.fchmod(fd, meta.mode() & 07777);
      xattrs(fd, meta);
      fs.lutimensat(fd, "", meta.mtimeSeconds(), meta.mtimeNanos());
      if (opt.durable) {
        // writeback runs while the next entries unpack, instead of all at once in finish()'s syncfs
        fs.startWriteback(fd);
      }
    } finally {
      fs.close(fd);
    }
  }

  public void symlink(String name, String target, Meta meta) throws IOException {
    Target t = target(name);
    requireBase(name, t);
    writable(name, t);
    create(name, t, () -> {
      fs.symlinkat(target, t.dir.fd(), t.base);
      return -1;
    });
    if (meta.uid() >= 0) {
      fs.lchownat(t.dir.fd(), t.base, meta.uid(), meta.gid());
    }
    for (Map.Entry<String, byte[]> x : meta.xattrs().entrySet()) {
      if (!x.getKey().startsWith("user.")) { // user.* is not allowed on links
        fs.lsetxattrat(t.dir.fd(), t.base, x.getKey(), x.getValue());
      }
    }
    fs.lutimensat(t.dir.fd(), t.base, meta.mtimeSeconds(), meta.mtimeNanos());
  }

  /** A character or block device or a FIFO ({@code type} is S_IFCHR, S_IFBLK or S_IFIFO). */
  public void node(String name, int type, long dev, Meta meta) throws IOException {
    Target t = target(name);
    requireBase(name, t);
    writable(name, t);
    create(name, t, () -> {
      fs.mknodat(t.dir.fd(), t.base, type | 0600, dev);
      return -1;
    });
    if (meta.uid() >= 0) {
      fs.lchownat(t.dir.fd(), t.base, meta.uid(), meta.gid());
    }
    fs.lchmodat(t.dir.fd(), t.base, meta.mode() & 07777);
    for (Map.Entry<String, byte[]> x : meta.xattrs().entrySet()) {
      fs.lsetxattrat(t.dir.fd(), t.base, x.getKey(), x.getValue());
    }
    // a device's times are set without opening it: opening /dev/ptmx or a FIFO would act on it
    fs.lutimensat(t.dir.fd(), t.base, meta.mtimeSeconds(), meta.mtimeNanos());
  }

  /** A hard link to {@code target}, which must already be in the tree (found inside it, links not followed). */
  public void hardlink(String name, String target) throws IOException {
    List<String> parts = walk.components(name, target);
    if (parts.isEmpty()) {
      throw refused(name, "hard link to \"" + target + "\", which is not in the " + opt.scope);
    }
    BeneathWalk.Dir from;
    try {
      from = walk.open(name, parts.subList(0, parts.size() - 1), false);
    } catch (Fs.Errno e) {
      throw refused(name, "hard link to \"" + target + "\", which is not in the " + opt.scope);
    }
    try {
      String fromBase = parts.getLast();
      try {
        fs.lstatat(from.fd(), fromBase);
      } catch (Fs.Errno e) {
        throw refused(name, "hard link to \"" + target + "\", which is not in the " + opt.scope);
      }
      Target t = target(name);
      requireBase(name, t);
      writable(name, t);
      create(name, t, () -> {
        fs.linkat(from.fd(), fromBase, t.dir.fd(), t.base);
        return -1;
      });
    } finally {
      if (from.fd() != rootFd) {
        fs.close(from.fd());
      }
    }
  }

  /** An overlay whiteout: {@code name} becomes a 0/0 character device, hiding what lower layers have there. */
  public void whiteout(String name) throws IOException {
    Target t = target(name);
    requireBase(name, t);
    create(name, t, () -> {
      fs.mknodat(t.dir.fd(), t.base, LibC.S_IFCHR, 0);
      return -1;
    });
  }

  /** The opaque mark on directory {@code dir} ("" is the root): lower layers' entries below it are hidden. */
  public void opaque(String entry, String dir) throws IOException {
    BeneathWalk.Dir d = parent(entry, walk.components(entry, dir));
    fs.fsetxattr(d.fd(), "trusted.overlay.opaque", new byte[] {'y'});
  }

  /** Removes {@code name} if it is there (a directory with all it holds); never follows a link. */
  public void delete(String name) throws IOException {
    Target t = target(name);
    requireBase(name, t);
    try {
      remove(t.dir.fd(), t.base);
    } catch (Fs.Errno e) {
      if (e.errno != Fs.ENOENT) {
        throw e;
      }
    }
  }

  /**
   * Sets the directories' times, deepest last-made first, each only where its path still is the
   * directory that was made; then, for a durable tree, syncs the file system.
   */
  public void finish() throws IOException {
    dropCache();
    for (int i = dirTimes.size() - 1; i >= 0; i--) {
      DirTime d = dirTimes.get(i);
      int fd = -1;
      try {
        BeneathWalk.Dir parent = walk.open(d.parts().toString(), d.parts().subList(0, d.parts().size() - 1), false);
        try {
          fd = fs.openat(parent.fd(), d.parts().getLast(), Fs.O_RDONLY | Fs.O_DIRECTORY | Fs.O_NOFOLLOW, 0);
        } finally {
          if (parent.fd() != rootFd) {
            fs.close(parent.fd());
          }
        }
        Fs.Stat st = fs.lstatat(fd, "");
        if (st.dev() == d.dev() && st.ino() == d.ino()) {
          fs.lutimensat(fd, "", d.sec(), d.nsec());
        }
      } catch (IOException gone) {
        // replaced or removed by a later entry: its time no longer belongs anywhere
      } finally {
        if (fd >= 0) {
          fs.close(fd);
        }
      }
    }
    dirTimes.clear();
    if (opt.durable) {
      fs.syncfs(rootFd);
    }
  }

  @Override
  public void close() {
    dropCache();
    fs.close(rootFd);
    fs.close();
  }

  // ---- helpers

  private record Target(BeneathWalk.Dir dir, List<String> parentParts, String base) {}

  /** The parent directory (open) and last component of {@code name}; null for the root itself. */
  private Target target(String name) throws IOException {
    List<String> parts = walk.components(name, name);
    if (parts.isEmpty()) {
      return null;
    }
    String base = parts.getLast();
    if (base.equals("..")) {
      throw refused(name, "\"..\" is not a name");
    }
    List<String> parentParts = parts.subList(0, parts.size() - 1);
    return new Target(parent(name, parentParts), parentParts, base);
  }

  private BeneathWalk.Dir parent(String entry, List<String> parentParts) throws IOException {
    String key = String.join("/", parentParts);
    if (key.equals(cachedParent)) {
      return cached;
    }
    BeneathWalk.Dir d = walk.open(entry, parentParts, true);
    dropCache();
    cachedParent = key;
    cached = d;
    return d;
  }

  private void dropCache() {
    if (cached != null && cached.fd() != rootFd) {
      fs.close(cached.fd());
    }
    cached = null;
    cachedParent = null;
  }

  private void requireBase(String name, Target t) throws RefusedEntry {
    if (t == null) {
      throw refused(name, "only a directory may be written at the root");
    }
  }

  private void writable(String name, Target t) throws RefusedEntry {
    if (t.dir.readOnlyMount() != null) {
      throw walk.readOnly(name, t.dir.readOnlyMount());
    }
  }

  @FunctionalInterface
  private interface Make {
    int make() throws IOException;
  }

  /** Makes an entry with an exclusive create; what is in the way is removed first (a directory whole). */
  private int create(String name, Target t, Make make) throws IOException {
    for (int tries = 0; ; tries++) {
      try {
        return make.make();
      } catch (Fs.Errno e) {
        if (e.errno == Fs.EROFS) {
          throw refused(name, "read-only file system");
        }
        if (e.errno != Fs.EEXIST || tries >= 3) {
          throw e;
        }
        if (opt.keepDirs && fs.lstatat(t.dir.fd(), t.base).isDir()) {
          throw refused(name, "cannot overwrite directory \"" + name + "\" with non-directory");
        }
        remove(t.dir.fd(), t.base);
      }
    }
  }

  /** Unlinks {@code base} in {@code dirFd}; a directory is removed with all it holds, descriptor-relative. */
  private void remove(int dirFd, String base) throws IOException {
    try {
      fs.unlinkat(dirFd, base, 0);
    } catch (Fs.Errno e) {
      if (e.errno != Fs.EISDIR && e.errno != 1) { // EISDIR, or EPERM as some file systems say it
        throw e;
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/self/fd/" + dirFd))) {
        if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
          throw new IOException("no descriptor-relative directory streams on this platform");
        }
        deleteTree(sds, Path.of(base));
      }
    }
    dropCacheUnless(dirFd);
  }

  /** A removal may have taken the cached parent's directory with it (or changed where a link leads). */
  private void dropCacheUnless(int keepFd) {
    if (cached != null && cached.fd() != keepFd) {
      dropCache();
    }
  }

  private static void deleteTree(SecureDirectoryStream<Path> in, Path name) throws IOException {
    try (SecureDirectoryStream<Path> sub = in.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
      for (Path child : sub) {
        Path n = child.getFileName();
        boolean dir = sub.getFileAttributeView(n, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .readAttributes().isDirectory();
        if (dir) {
          deleteTree(sub, n);
        } else {
          sub.deleteFile(n);
        }
      }
    }
    in.deleteDirectory(name);
  }

  private void xattrs(int fd, Meta meta) throws IOException {
    for (Map.Entry<String, byte[]> x : meta.xattrs().entrySet()) {
      fs.fsetxattr(fd, x.getKey(), x.getValue());
    }
  }

  private RefusedEntry refused(String name, String why) {
    return new RefusedEntry(opt.label + " " + name + ": " + why);
  }
}
