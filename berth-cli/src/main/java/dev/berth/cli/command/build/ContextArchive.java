package dev.berth.cli.command.build;

import dev.berth.api.build.IgnoreMatcher;
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
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The build context as the CLI sends it: the directory as a tar, without what .dockerignore
 * excludes (the Dockerfile and .dockerignore always go), links as links. A Dockerfile from outside
 * the context travels inside it under a name of its own, as docker's CLI does.
 */
public final class ContextArchive {
  private ContextArchive() {}

  /**
   * Writes the context; {@code extraDockerfile} (a Dockerfile outside the context, or from
   * stdin) is added as {@code extraName}. Returns the bytes of file content sent.
   */
  public static long write(Path dir, String dockerfileInContext, byte[] extraDockerfile, String extraName, OutputStream out)
      throws IOException {
    IgnoreMatcher ignore = IgnoreMatcher.none();
    Path ignoreFile = dir == null ? null : dir.resolve(".dockerignore");
    if (ignoreFile != null && Files.isRegularFile(ignoreFile)) {
      ignore = IgnoreMatcher.parse(Files.readString(ignoreFile, StandardCharsets.UTF_8))
          .keepingBuildFiles(dockerfileInContext);
    }
    IgnoreMatcher matcher = ignore;
    long[] bytes = {0};
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      if (dir != null) {
        walk(dir, matcher, tar, bytes);
      }
      if (extraDockerfile != null) {
        TarArchiveEntry e = new TarArchiveEntry(extraName);
        e.setSize(extraDockerfile.length);
        e.setMode(0100644);
        tar.putArchiveEntry(e);
        tar.write(extraDockerfile);
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    return bytes[0];
  }

  private static void walk(Path dir, IgnoreMatcher matcher, TarArchiveOutputStream tar, long[] bytes)
      throws IOException {
    {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
          if (d.equals(dir)) {
            return FileVisitResult.CONTINUE;
          }
          String rel = dir.relativize(d).toString();
          if (matcher.isExcluded(rel)) {
            return matcher.canSkipDirectory(rel) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }
          add(tar, d, rel + "/", bytes);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          String rel = dir.relativize(f).toString();
          boolean sendable = attrs.isRegularFile() || attrs.isSymbolicLink();  // FIFOs and sockets are skipped
          if (sendable && !matcher.isExcluded(rel)) {
            add(tar, f, rel, bytes);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    }
  }

  private static void add(TarArchiveOutputStream tar, Path p, String name, long[] bytes) throws IOException {
    TarArchiveEntry e;
    if (Files.isSymbolicLink(p)) {
      // a link travels as a link (its target is not read), as docker's CLI sends it
      e = new TarArchiveEntry(name, org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
      e.setLinkName(Files.readSymbolicLink(p).toString());
      e.setMode(0120777);
      e.setModTime(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
    } else {
      // numeric owners only: TarArchiveEntry(Path) looks up user and group names for every file
      java.util.Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime",
          LinkOption.NOFOLLOW_LINKS);
      e = new TarArchiveEntry(name);
      boolean dir = name.endsWith("/");
      e.setMode((dir ? 040000 : 0100000) | ((Integer) a.get("mode") & 07777));
      e.setUserId((Integer) a.get("uid"));
      e.setGroupId((Integer) a.get("gid"));
      e.setModTime(((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis());
      if (!dir) {
        e.setSize((Long) a.get("size"));
      }
    }
    tar.putArchiveEntry(e);
    if (e.isFile() && !e.isSymbolicLink()) {
      try (InputStream in = Files.newInputStream(p)) {
        bytes[0] += in.transferTo(tar);
      }
    }
    tar.closeArchiveEntry();
  }
}
