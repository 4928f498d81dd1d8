package dev.berth.daemon.archive;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path as the container would see it, inside its root directory: symbolic links are
 * followed one component at a time and an absolute link target, or {@code ..} at the top, stays at
 * the root. The result never names anything outside {@code root}, which is what keeps {@code cp}
 * and volume population from touching the host through a link like {@code /etc -> /../../etc}.
 *
 * <p>Resolution is done from the host's side, so a process inside a running container that swaps a
 * directory for a link between this check and the use of its result could still win a race:
 * running containers are therefore read frozen, and every write goes through
 * {@link dev.berth.daemon.sys.SafeTree}, which resolves descriptor by descriptor instead.
 */
public final class ScopedPath {
  private static final int MAX_LINKS = 40;

  private ScopedPath() {}

  /**
   * The host path for {@code path} inside {@code root}. Links in every component are followed;
   * the last one only when {@code followLast}. Missing components are kept as written.
   */
  public static Path resolve(Path root, String path, boolean followLast) throws IOException {
    Deque<String> todo = new ArrayDeque<>();
    push(todo, path);
    Path current = root;
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.pop();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!current.equals(root)) {
          current = current.getParent();
        }
        continue;
      }
      Path next = current.resolve(part);
      boolean last = todo.stream().allMatch(p -> p.isEmpty() || p.equals("."));
      if ((followLast || !last) && Files.isSymbolicLink(next)) {
        if (++links > MAX_LINKS) {
          throw new FileSystemException(path, null, "too many levels of symbolic links");
        }
        String target = Files.readSymbolicLink(next).toString();
        if (target.startsWith("/")) {
          current = root;
        }
        push(todo, target);
        continue;
      }
      current = next;
    }
    return current;
  }

  /** Whether {@code path} inside {@code root} exists, without following a final link. */
  public static boolean exists(Path hostPath) {
    return Files.exists(hostPath, LinkOption.NOFOLLOW_LINKS);
  }

  private static void push(Deque<String> todo, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      todo.push(parts[i]);
    }
  }
}
