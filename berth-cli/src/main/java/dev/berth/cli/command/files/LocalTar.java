package dev.berth.cli.command.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The local side of {@code cp}: packs a local file or tree into a tar under a chosen top name, and
 * unpacks one with its top name replaced, which is how docker turns {@code cp c:/a/b ./x} into a
 * file called {@code x}. Entries that would leave the destination are refused.
 */
final class LocalTar {
  private LocalTar() {}

  /** Writes {@code source} as a tar whose top entry is {@code top} ("." for a directory's content). */
  static long pack(Path source, String top, OutputStream out) throws IOException {
    long[] bytes = {0};
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      Files.walkFileTree(source, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          add(tar, dir, name(source, dir, top) + "/", bytes);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          add(tar, file, name(source, file, top), bytes);
          return FileVisitResult.CONTINUE;
        }
      });
      tar.finish();
    }
    return bytes[0];
  }

  private static String name(Path source, Path p, String top) {
    String rel = source.relativize(p).toString();
    return rel.isEmpty() ? top : top + "/" + rel;
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
      e = new TarArchiveEntry(p, name, LinkOption.NOFOLLOW_LINKS);
    }
    tar.putArchiveEntry(e);
    if (e.isFile() && !e.isSymbolicLink()) {
      try (InputStream in = Files.newInputStream(p)) {
        bytes[0] += in.transferTo(tar);
      }
    }
    tar.closeArchiveEntry();
  }

  /**
   * Unpacks {@code in} into {@code dir}; the top component {@code from} of every entry becomes
   * {@code to} (null keeps names). Returns the bytes of file content written.
   */
  static long unpack(InputStream in, Path dir, String from, String to) throws IOException {
    long bytes = 0;
    TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
    TarArchiveEntry e;
    Path root = dir.toAbsolutePath().normalize();
    while ((e = tar.getNextEntry()) != null) {
      String name = e.getName();
      if (to != null && (name.equals(from) || name.startsWith(from + "/"))) {
        name = to + name.substring(from.length());
      }
      Path target = root.resolve(name).normalize();
      if (!target.startsWith(root) || name.startsWith("/")) {
        throw new IOException("refusing archive entry \"" + e.getName() + "\": it would be written outside " + dir);
      }
      if (target.equals(root)) {
        continue;
      }
      Files.createDirectories(target.getParent());
      if (e.isDirectory()) {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(target);
          Files.createDirectory(target);
        }
      } else if (e.isSymbolicLink()) {
        Files.deleteIfExists(target);
        Files.createSymbolicLink(target, Path.of(e.getLinkName()));
        continue;
      } else if (e.isLink()) {
        Path source = root.resolve(rename(e.getLinkName(), from, to)).normalize();
        if (!source.startsWith(root)) {
          throw new IOException("refusing archive entry \"" + e.getName() + "\": hard link outside " + dir);
        }
        Files.deleteIfExists(target);
        Files.createLink(target, source);
        continue;
      } else if (e.isFile()) {
        if (Files.isSymbolicLink(target)) {
          Files.delete(target);
        }
        bytes += Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
      } else {
        continue; // devices and FIFOs need root; docker skips what it cannot make too
      }
      Files.setPosixFilePermissions(target, permissions(e.getMode()));
      Files.setLastModifiedTime(target, FileTime.from(e.getLastModifiedTime().toInstant()));
    }
    return bytes;
  }

  private static String rename(String name, String from, String to) {
    return to != null && (name.equals(from) || name.startsWith(from + "/")) ? to + name.substring(from.length()) : name;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ};
    for (int i = 0; i < order.length; i++) {
      if ((mode & (1 << i)) != 0) {
        out.add(order[i]);
      }
    }
    return out;
  }
}
