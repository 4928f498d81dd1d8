package dev.berth.daemon.container;

import dev.berth.api.Json;
import dev.berth.daemon.archive.TreeExtractor;
import dev.berth.daemon.archive.TreeTar;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.util.Times;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The archive endpoints behind {@code docker cp}: stat a path (the HEAD answer's
 * {@code X-Docker-Container-Path-Stat} header), read a path as a tar, and unpack a tar into a
 * directory. They work on created, running and stopped containers alike.
 *
 * <p>As {@code docker cp} expects, the last component of a path is not followed when it is a
 * symbolic link unless the path ends with {@code /} or {@code /.}; everything else is resolved
 * inside the container (see {@link ContainerRoot}).
 *
 * <p>Nothing here can be turned against the host by the container's own processes: an unpack goes
 * through {@link dev.berth.daemon.sys.SafeTree}, which resolves every entry relative to the root's
 * descriptor and never lets the kernel follow a link; a stat or a read of a running container is
 * done with it frozen ({@link ArchiveFreeze}). A stopped container's read-only binds and volumes
 * refuse writes as Docker's do: "mounted volume is marked read-only" for the destination, "read-only
 * file system" for an entry below it.
 */
public final class ContainerArchive {
  /** Go's os.FileMode type bits, which the stat header carries. */
  private static final long GO_DIR = 1L << 31;
  private static final long GO_SYMLINK = 1L << 27;
  private static final long GO_DEVICE = 1L << 26;
  private static final long GO_PIPE = 1L << 25;
  private static final long GO_SOCKET = 1L << 24;
  private static final long GO_SETUID = 1L << 23;
  private static final long GO_SETGID = 1L << 22;
  private static final long GO_CHARDEV = 1L << 21;
  private static final long GO_STICKY = 1L << 20;

  private final ContainerService containers;

  public ContainerArchive(ContainerService containers) {
    this.containers = containers;
  }

  /** A stat answer, encoded for the header. */
  public record Stat(String header) {}

  public Stat stat(String ref, String path) throws IOException, SQLException {
    String p = absolute(path);
    return containers.withRoot(ref, (c, root) -> {
      if (!root.live()) {
        return new Stat(encode(stat(root, p, existing(c, root, p))));
      }
      // resolving through /proc/<pid>/root races the container's processes: see ArchiveFreeze
      return ArchiveFreeze.frozen(containers.runtime(), c.id, () -> new Stat(encode(stat(root, p, existing(c, root, p)))));
    });
  }

  /** Writes the tar of {@code path}; {@code beforeBody} receives the stat header once the path is known. */
  public void get(String ref, String path, java.util.function.Function<Stat, OutputStream> beforeBody)
      throws IOException, SQLException {
    String p = absolute(path);
    containers.withRoot(ref, (c, root) -> {
      if (!root.live()) {
        Path host = existing(c, root, p);
        OutputStream out = beforeBody.apply(new Stat(encode(stat(root, p, host))));
        writeTar(root, host, p, out);
        out.close();
        return null;
      }
      // a running container is read frozen, into a spool: see ArchiveFreeze
      Stat[] stat = new Stat[1];
      Path spool = ArchiveFreeze.spool(containers.runtime(), c.id, containers.upperDir(c).getParent(), s -> {
        Path host = existing(c, root, p);
        stat[0] = new Stat(encode(stat(root, p, host)));
        writeTar(root, host, p, s);
      });
      ArchiveFreeze.send(spool, beforeBody.apply(stat[0]));
      return null;
    });
  }

  private static void writeTar(ContainerRoot root, Path host, String p, OutputStream out) throws IOException {
    TreeTar tar = new TreeTar(out);
    // a running container is read through its own mounts: proc, sysfs and /dev are kernel views, not files
    java.util.Set<Path> kernel = root.live()
        ? java.util.Set.of(root.view().resolve("proc").normalize(), root.view().resolve("sys").normalize(),
            root.view().resolve("dev").normalize())
        : java.util.Set.of();
    tar.add(host, archiveName(p), kernel::contains);
    tar.finish();
  }

  /** Unpacks {@code tar} into the directory {@code path}. */
  public void put(String ref, String path, InputStream tar, boolean copyUidGid, boolean noOverwriteDirNonDir)
      throws IOException, SQLException {
    String p = absolute(path);
    containers.withRoot(ref, (c, root) -> {
      Path dir = root.resolve(p, true);
      if (!Files.exists(dir)) {
        throw ApiException.notFound("Could not find the file " + p + " in container " + c.name);
      }
      if (!Files.isDirectory(dir)) {
        throw ApiException.badRequest("extraction point is not a directory");
      }
      String containerDir = root.live() ? p : root.containerPath(dir);
      if (!root.writable(containerDir)) {
        // Docker's two messages: the destination is in a read-only volume or bind, or on a read-only root
        throw ApiException.forbidden(root.inMount(containerDir)
            ? "mounted volume is marked read-only" : "container rootfs is marked read-only");
      }
      TreeExtractor extractor = new TreeExtractor(root.view(), root.treeOptions().keepDirs(noOverwriteDirNonDir),
          p, copyUidGid);
      try {
        extractor.extract(tar);
      } catch (TreeExtractor.RefusedException e) {
        // an entry below the destination that reaches into a read-only mount
        throw e.getMessage().contains("read-only file system") ? ApiException.forbidden(e.getMessage())
            : ApiException.badRequest(e.getMessage());
      }
      return null;
    });
  }

  private static Path existing(Container c, ContainerRoot root, String p) throws IOException {
    Path host = root.resolve(p, p.endsWith("/") || p.endsWith("/."));
    if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
      throw ApiException.notFound("Could not find the file " + p + " in container " + c.name);
    }
    if ((p.endsWith("/") || p.endsWith("/.")) && !Files.isDirectory(host)) {
      throw ApiException.badRequest("not a directory: " + p);
    }
    return host;
  }

  private static String absolute(String path) {
    if (path == null || path.isEmpty()) {
      throw ApiException.badRequest("path is required");
    }
    return path.startsWith("/") ? path : "/" + path;
  }

  /** The name the archive's top entry gets: the path's last component, or "." for {@code dir/.}. */
  static String archiveName(String p) {
    if (p.endsWith("/.")) {
      return ".";
    }
    String trimmed = p.replaceAll("/+$", "");
    if (trimmed.isEmpty()) {
      return ".";
    }
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  private static Map<String, Object> stat(ContainerRoot root, String p, Path host) throws IOException {
    Map<String, Object> a = Files.readAttributes(host, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    Map<String, Object> m = new LinkedHashMap<>();
    String name = archiveName(p);
    m.put("name", name.equals(".") ? (p.equals("/") || p.equals("/.") ? "/" : archiveName(p.substring(0,
        p.length() - 2))) : name);
    m.put("size", a.get("size"));
    m.put("mode", goMode(mode));
    m.put("mtime", Times.rfc3339(((FileTime) a.get("lastModifiedTime")).toInstant()));
    String link = "";
    if (Files.isSymbolicLink(host)) {
      link = root.containerPath(root.resolve(p, true));
    }
    m.put("linkTarget", link);
    return m;
  }

  static long goMode(int mode) {
    long out = mode & 0777;
    switch (mode & 0170000) {
      case 0040000 -> out |= GO_DIR;
      case 0120000 -> out |= GO_SYMLINK;
      case 0020000 -> out |= GO_DEVICE | GO_CHARDEV;
      case 0060000 -> out |= GO_DEVICE;
      case 0010000 -> out |= GO_PIPE;
      case 0140000 -> out |= GO_SOCKET;
      default -> { }
    }
    if ((mode & 04000) != 0) {
      out |= GO_SETUID;
    }
    if ((mode & 02000) != 0) {
      out |= GO_SETGID;
    }
    if ((mode & 01000) != 0) {
      out |= GO_STICKY;
    }
    return out;
  }

  private static String encode(Map<String, Object> stat) {
    try {
      return Base64.getEncoder().encodeToString(Json.plain().writeValueAsString(stat).getBytes(StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
