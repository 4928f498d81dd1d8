package dev.berth.daemon.archive;

import dev.berth.daemon.sys.LibC;
import dev.berth.daemon.sys.SafeTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Copies a directory tree into another through {@link SafeTree}, as {@code cp -a src/. dest}
 * would: owners, modes, times, symbolic links (as links) and hard links kept, the source's own
 * owner and mode given to the destination's root. Nothing is followed on either side, so a link
 * in the source is copied, never read through, and nothing in the destination can redirect a write.
 * What a fresh volume receives from its image.
 */
public final class TreeCopy {
  private TreeCopy() {}

  public static void copy(Path source, Path dest, String label) throws IOException {
    SafeTree.Options options = new SafeTree.Options().describe(label, "volume");
    Map<String, String> inodes = new HashMap<>();
    try (SafeTree tree = SafeTree.open(dest, options)) {
      Files.walkFileTree(source, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          String name = source.relativize(dir).toString();
          if (name.isEmpty()) {
            Map<String, Object> a = attributes(dir);
            rootMeta(dest, a);
          } else {
            tree.directory(name, meta(attributes(dir)));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          String name = source.relativize(file).toString();
          Map<String, Object> a = attributes(file);
          int mode = (Integer) a.get("mode");
          int type = mode & 0170000;
          if (type == 0100000 && (Integer) a.get("nlink") > 1) {
            String key = a.get("dev") + ":" + a.get("ino");
            String first = inodes.putIfAbsent(key, name);
            if (first != null) {
              tree.hardlink(name, first);
              return FileVisitResult.CONTINUE;
            }
          }
          switch (type) {
            case 0100000 -> {
              try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                tree.file(name, meta(a), in);
              }
            }
            case 0120000 -> tree.symlink(name, Files.readSymbolicLink(file).toString(), meta(a));
            case 0020000, 0060000, 0010000 -> tree.node(name, type, (Long) a.get("rdev"), meta(a));
            default -> { } // sockets: cp -a would make them, nobody needs them
          }
          return FileVisitResult.CONTINUE;
        }
      });
      tree.finish();
    }
  }

  private static Map<String, Object> attributes(Path p) throws IOException {
    return Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime,ino,dev,nlink,rdev", LinkOption.NOFOLLOW_LINKS);
  }

  private static SafeTree.Meta meta(Map<String, Object> a) {
    return SafeTree.Meta.of((Integer) a.get("mode") & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
        ((FileTime) a.get("lastModifiedTime")).toInstant());
  }

  /** The destination root is the caller's own directory: its owner and mode follow the source's. */
  private static void rootMeta(Path dest, Map<String, Object> a) throws IOException {
    LibC.lchown(dest.toString(), (Integer) a.get("uid"), (Integer) a.get("gid"));
    LibC.chmod(dest.toString(), (Integer) a.get("mode") & 07777);
  }
}
