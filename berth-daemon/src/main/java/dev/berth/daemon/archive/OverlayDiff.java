package dev.berth.daemon.archive;

import dev.berth.daemon.sys.LibC;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Reads an overlayfs upper directory as a set of changes to the layers below it: what
 * {@code docker diff} lists, and what {@code commit} (and the builder) turns into a layer.
 *
 * <p>overlayfs records a deletion as a 0/0 character device and a replaced directory with the
 * {@code trusted.overlay.opaque} attribute; a layer tar says the same with {@code .wh.<name>} and
 * {@code .wh..wh..opq} entries. Paths the engine itself mounts into every container (its /etc
 * files, /proc, /dev and the like) are left out through {@code ignored}, as Docker's init layer
 * keeps them out of its diffs.
 */
public final class OverlayDiff {
  /** Docker's change kinds: 0 modified, 1 added, 2 deleted. */
  public enum Kind { MODIFIED, ADDED, DELETED }

  public record Change(String path, Kind kind) {}

  private final Path upper;
  private final List<Path> lowers;
  private final Predicate<String> ignored;

  /** {@code lowers} top first; {@code ignored} takes absolute in-container paths. */
  public OverlayDiff(Path upper, List<Path> lowers, Predicate<String> ignored) {
    this.upper = upper;
    this.lowers = lowers;
    this.ignored = ignored;
  }

  /** The changes in path order; a directory is listed when something under it changed. */
  public List<Change> changes() throws IOException {
    List<Change> out = new ArrayList<>();
    walk((path, rel, whiteout) -> {
      String abs = "/" + rel;
      if (whiteout) {
        out.add(new Change(abs, Kind.DELETED));
      } else if (inLowers(rel)) {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          out.add(new Change(abs, Kind.MODIFIED));
        } else if (hasChangesUnder(path, abs)) {
          out.add(new Change(abs, Kind.MODIFIED));
        }
      } else {
        out.add(new Change(abs, Kind.ADDED));
      }
    });
    out.sort((a, b) -> a.path().compareTo(b.path()));
    return out;
  }

  /** Writes the changes as a layer tar (OCI whiteouts), for commit. */
  public void writeLayer(OutputStream out) throws IOException {
    try (TreeTar tar = new TreeTar(out)) {
      walk((path, rel, whiteout) -> {
        if (whiteout) {
          int slash = rel.lastIndexOf('/');
          String name = slash < 0 ? ".wh." + rel : rel.substring(0, slash + 1) + ".wh." + rel.substring(slash + 1);
          tar.raw(new TarArchiveEntry(name));
          return;
        }
        boolean dir = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        tar.entry(path, dir ? rel + "/" : rel);
        if (dir && opaque(path)) {
          tar.raw(new TarArchiveEntry(rel + "/.wh..wh..opq"));
        }
      });
      tar.finish();
    }
  }

  private interface Visitor {
    void visit(Path path, String rel, boolean whiteout) throws IOException;
  }

  private void walk(Visitor v) throws IOException {
    if (!Files.isDirectory(upper)) {
      return;
    }
    Files.walkFileTree(upper, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (dir.equals(upper)) {
          return FileVisitResult.CONTINUE;
        }
        String rel = upper.relativize(dir).toString();
        if (ignored.test("/" + rel)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        v.visit(dir, rel, false);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String rel = upper.relativize(file).toString();
        if (!ignored.test("/" + rel)) {
          v.visit(file, rel, isWhiteout(file));
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Whether a directory holds any reportable change (so that mount points alone do not show). */
  private boolean hasChangesUnder(Path dir, String abs) throws IOException {
    if (opaque(dir)) {
      return true;
    }
    try (var s = Files.list(dir)) {
      for (Path child : (Iterable<Path>) s::iterator) {
        String childAbs = abs + "/" + child.getFileName();
        if (ignored.test(childAbs)) {
          continue;
        }
        if (!Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) || !inLowers(upper.relativize(child).toString())
            || hasChangesUnder(child, childAbs)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean inLowers(String rel) {
    for (Path lower : lowers) {
      Path p = lower.resolve(rel);
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return !isWhiteout(p);
      }
    }
    return false;
  }

  private static boolean isWhiteout(Path p) {
    try {
      Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
      return ((Integer) a.get("mode") & 0170000) == 0020000 && (Long) a.get("rdev") == 0L;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean opaque(Path dir) throws IOException {
    byte[] v = LibC.lgetxattr(dir.toString(), "trusted.overlay.opaque");
    return v != null && v.length == 1 && v[0] == 'y';
  }
}
