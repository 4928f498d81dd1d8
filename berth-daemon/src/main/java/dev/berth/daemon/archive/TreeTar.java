package dev.berth.daemon.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a file or directory tree as a tar stream, the way {@code docker cp} and {@code export}
 * deliver one: owners, modes (setuid and sticky included), times, symbolic links as links, device
 * nodes and FIFOs as such, and files linked more than once as hard-link entries. Links are never
 * followed, so a link in the tree cannot make the archive read outside it.
 */
public final class TreeTar implements AutoCloseable {
  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFSOCK = 0140000;

  private final TarArchiveOutputStream tar;
  /** (device, inode) of files with several links to the first name written, for hard-link entries. */
  private final Map<String, String> seen = new HashMap<>();

  public TreeTar(OutputStream out) {
    tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /**
   * Adds {@code source} (and, for a directory, everything under it) with names starting at
   * {@code name}: "." gives {@code ./}, {@code ./file} as {@code docker cp dir/.} expects, and an
   * empty name puts a directory's content at the top without an entry for itself ({@code export}).
   */
  public void add(Path source, String name) throws IOException {
    add(source, name, p -> false);
  }

  /** As {@link #add(Path, String)}, listing directories for which {@code skipContents} holds without their content. */
  public void add(Path source, String name, java.util.function.Predicate<Path> skipContents) throws IOException {
    String top = name;
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        String rel = join(top, source.relativize(dir).toString());
        if (!rel.isEmpty()) {
          entry(dir, rel + "/");
        }
        return skipContents.test(dir.normalize()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        entry(file, join(top, source.relativize(file).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
          return FileVisitResult.CONTINUE; // removed while we walked: a running container may do that
        }
        throw e;
      }
    });
  }

  private static String join(String top, String rel) {
    if (top.isEmpty()) {
      return rel;
    }
    return rel.isEmpty() ? top : top + "/" + rel;
  }

  /** One entry for {@code path} named {@code name} (directories end with "/"). */
  public void entry(Path path, String name) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,size,lastModifiedTime,ino,dev,nlink,rdev",
        LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    int type = mode & S_IFMT;
    if (type == S_IFSOCK) {
      return; // sockets cannot be archived; Docker skips them too
    }
    TarArchiveEntry e;
    boolean regular = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    if (Files.isSymbolicLink(path)) {
      e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
      e.setLinkName(Files.readSymbolicLink(path).toString());
    } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    } else if (regular && (Integer) a.get("nlink") > 1 && linkedBefore(a, name) != null) {
      e = new TarArchiveEntry(name, TarConstants.LF_LINK);
      e.setLinkName(linkedBefore(a, name));
      regular = false;
    } else if (type == S_IFCHR || type == S_IFBLK || type == S_IFIFO) {
      e = new TarArchiveEntry(name, type == S_IFCHR ? TarConstants.LF_CHR
          : type == S_IFBLK ? TarConstants.LF_BLK : TarConstants.LF_FIFO);
      long rdev = (Long) a.get("rdev");
      e.setDevMajor((int) (((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfff)));
      e.setDevMinor((int) ((rdev & 0xff) | ((rdev >> 12) & ~0xff)));
    } else {
      e = new TarArchiveEntry(name);
      e.setSize((Long) a.get("size"));
    }
    e.setMode(mode & 07777);
    e.setUserId((Integer) a.get("uid"));
    e.setGroupId((Integer) a.get("gid"));
    e.setModTime(((FileTime) a.get("lastModifiedTime")).toMillis());
    if (regular && (Integer) a.get("nlink") > 1) {
      seen.putIfAbsent(a.get("dev") + ":" + a.get("ino"), name);
    }
    tar.putArchiveEntry(e);
    if (regular) {
      try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
        long copied = in.transferTo(new BoundedOut(tar, e.getSize()));
        if (copied < e.getSize()) {
          tar.write(new byte[(int) (e.getSize() - copied)]); // shrank while read: pad as the header promised
        }
      }
    }
    tar.closeArchiveEntry();
  }

  /** An entry without content, as given (whiteouts). */
  public void raw(TarArchiveEntry e) throws IOException {
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  private String linkedBefore(Map<String, Object> a, String name) {
    String first = seen.get(a.get("dev") + ":" + a.get("ino"));
    return first == null || first.equals(name) ? null : first;
  }

  /** Ends the archive (the two zero blocks) without closing the stream under it. */
  public void finish() throws IOException {
    tar.finish();
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }

  /** Passes at most {@code limit} bytes on: a file that grew while read must not overrun its entry. */
  private static final class BoundedOut extends OutputStream {
    private final OutputStream out;
    private long left;

    BoundedOut(OutputStream out, long limit) {
      this.out = out;
      this.left = limit;
    }

    @Override
    public void write(int b) throws IOException {
      if (left > 0) {
        out.write(b);
        left--;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int n = (int) Math.min(len, left);
      if (n > 0) {
        out.write(b, off, n);
        left -= n;
      }
    }
  }
}
