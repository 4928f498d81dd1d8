package dev.berth.daemon.scan;

import dev.berth.daemon.sys.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An image's unpacked layers (overlayfs diff directories, base first), read without mounting
 * anything: whiteouts (0/0 character devices) and opaque directories ({@code trusted.overlay.opaque})
 * hide what lower layers have, exactly as the overlay mount of a container would. Symbolic links in
 * the merged view are followed within the image root (never out of it), since package databases
 * often sit behind one ({@code var/lib/rpm}, usr-merged {@code lib}).
 */
final class ImageLayers {
  private static final int MAX_LINKS = 40;
  private final List<Path> diffs;

  ImageLayers(List<Path> diffs) {
    this.diffs = List.copyOf(diffs);
  }

  int size() {
    return diffs.size();
  }

  Path diff(int layer) {
    return diffs.get(layer);
  }

  /** Only the files layer {@code i} itself carries: what its own package lists say. */
  FileSource layer(int i) {
    Path root = diffs.get(i);
    return new FileSource() {
      @Override
      public Path file(String rel) throws IOException {
        Path p = root.resolve(rel);
        return isRegularWithoutLinks(root, rel) ? p : null;
      }

      @Override
      public List<String> list(String dirRel) throws IOException {
        Path d = root.resolve(dirRel);
        if (!isDirWithoutLinks(root, dirRel)) {
          return List.of();
        }
        List<String> out = new ArrayList<>();
        try (var s = Files.list(d)) {
          s.filter(p -> !isWhiteout(p)).forEach(p -> out.add(p.getFileName().toString()));
        }
        out.sort(null);
        return out;
      }
    };
  }

  /** All layers merged, as a container sees its root. */
  FileSource merged() {
    return new FileSource() {
      @Override
      public Path file(String rel) throws IOException {
        String resolved = resolve(rel);
        if (resolved == null) {
          return null;
        }
        Provider p = provider(resolved);
        if (p == null) {
          return null;
        }
        BasicFileAttributes a = Files.readAttributes(p.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.isRegularFile() ? p.path() : null;
      }

      @Override
      public List<String> list(String dirRel) throws IOException {
        String resolved = resolve(dirRel);
        return resolved == null ? List.of() : mergedList(resolved);
      }
    };
  }

  /** The layer a merged path's file comes from, or -1 when the merged view has none there. */
  int layerOf(String rel) throws IOException {
    String resolved = resolve(rel);
    Provider p = resolved == null ? null : provider(resolved);
    return p == null ? -1 : p.layer();
  }

  private record Provider(int layer, Path path) {}

  /**
   * The topmost layer holding {@code rel} (whose parents are directories), or null when it is
   * absent or hidden by a whiteout or an opaque directory above it.
   */
  private Provider provider(String rel) throws IOException {
    String[] parts = rel.split("/");
    for (int l = diffs.size() - 1; l >= 0; l--) {
      Path root = diffs.get(l);
      Path p = root.resolve(rel);
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return isWhiteout(p) ? null : new Provider(l, p);
      }
      if (hidesBelow(root, parts, parts.length - 1)) {
        return null;
      }
    }
    return null;
  }

  /** Whether layer {@code root} hides lower layers' {@code parts[0..n)} subtree: a whiteout, a file or an opaque dir on the way. */
  private static boolean hidesBelow(Path root, String[] parts, int n) throws IOException {
    Path a = root;
    for (int i = 0; i < n; i++) {
      a = a.resolve(parts[i]);
      if (!Files.exists(a, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      if (!Files.isDirectory(a, LinkOption.NOFOLLOW_LINKS)) {
        return true; // a whiteout, or a file or link that replaced the directory
      }
      if (opaque(a)) {
        return true;
      }
    }
    return false;
  }

  private List<String> mergedList(String dirRel) throws IOException {
    String[] parts = dirRel.isEmpty() ? new String[0] : dirRel.split("/");
    Set<String> seen = new HashSet<>();
    TreeSet<String> out = new TreeSet<>();
    for (int l = diffs.size() - 1; l >= 0; l--) {
      Path root = diffs.get(l);
      Path d = dirRel.isEmpty() ? root : root.resolve(dirRel);
      if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
        try (var s = Files.list(d)) {
          for (Path p : (Iterable<Path>) s::iterator) {
            String name = p.getFileName().toString();
            if (seen.add(name) && !isWhiteout(p)) {
              out.add(name);
            }
          }
        }
        if (opaque(d) || hidesBelow(root, parts, parts.length - 1)) {
          break;
        }
      } else if (Files.exists(d, LinkOption.NOFOLLOW_LINKS) || hidesBelow(root, parts, parts.length)) {
        break;
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * {@code rel} with every symbolic link in it replaced by its target, resolved in the merged view
   * and kept inside the image root; null when a link loops or a component is missing.
   */
  String resolve(String rel) throws IOException {
    List<String> done = new ArrayList<>();
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
    for (String s : rel.split("/")) {
      todo.add(s);
    }
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.poll();
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      done.add(c);
      String sofar = String.join("/", done);
      Provider p = provider(sofar);
      if (p == null) {
        return todo.isEmpty() ? sofar : null;
      }
      if (Files.isSymbolicLink(p.path())) {
        if (++links > MAX_LINKS) {
          return null;
        }
        String target = Files.readSymbolicLink(p.path()).toString();
        done.remove(done.size() - 1);
        if (target.startsWith("/")) {
          done.clear();
        }
        List<String> rest = new ArrayList<>(List.of(target.split("/")));
        rest.addAll(todo);
        todo.clear();
        todo.addAll(rest);
      }
    }
    return String.join("/", done);
  }

  private static boolean isRegularWithoutLinks(Path root, String rel) throws IOException {
    Path p = root.resolve(rel);
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    return noLinkedParents(root, rel);
  }

  private static boolean isDirWithoutLinks(Path root, String rel) throws IOException {
    return Files.isDirectory(root.resolve(rel), LinkOption.NOFOLLOW_LINKS) && noLinkedParents(root, rel);
  }

  private static boolean noLinkedParents(Path root, String rel) {
    Path a = root;
    String[] parts = rel.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      a = a.resolve(parts[i]);
      if (Files.isSymbolicLink(a)) {
        return false;
      }
    }
    return true;
  }

  static boolean isWhiteout(Path p) {
    try {
      Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
      return ((Integer) a.get("mode") & 0170000) == 0020000 && (Long) a.get("rdev") == 0L;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static boolean opaque(Path dir) {
    try {
      byte[] v = LibC.lgetxattr(dir.toString(), "trusted.overlay.opaque");
      return v != null && v.length == 1 && v[0] == 'y';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
