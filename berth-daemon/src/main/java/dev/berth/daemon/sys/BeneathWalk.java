package dev.berth.daemon.sys;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Finds a directory inside a root, relative to the root's descriptor, without ever leaving it.
 *
 * <p>Two rules for symbolic links on the way: {@link Links#REFUSE} (layers, build contexts,
 * volume copies: a link in an entry's parent is an attack, since a well-formed archive never has
 * one) and {@link Links#IN_ROOT} (cp and COPY into a container: links are followed as the
 * container would, an absolute target or {@code ..} at the top staying at the root, like a
 * chroot). Every step is one {@code openat(O_NOFOLLOW | O_DIRECTORY)} relative to the step before,
 * so a link swapped in between two steps is seen as a link, never followed by the kernel. Where
 * the kernel has {@code openat2}, a refusing walk to an existing directory is one call with
 * {@code RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS}.
 *
 * <p>A stopped container's volumes and binds are not mounted in its root on the host: {@code mounts}
 * maps their in-container paths to host directories, which the walk enters in their place, marking
 * what lies below a read-only one.
 */
final class BeneathWalk {
  /** What a symbolic link in a parent path does. */
  enum Links { REFUSE, IN_ROOT }

  /** Where a walk ended: an open directory, and whether writing under it is forbidden. */
  record Dir(int fd, String path, String readOnlyMount) {}

  private static final int MAX_LINKS = 40;
  private static final int DIR_FLAGS = Fs.O_RDONLY | Fs.O_DIRECTORY | Fs.O_NOFOLLOW;

  private final Fs fs;
  private final int rootFd;
  private final Links links;
  private final Map<String, SafeTree.Mount> mounts;
  private final boolean rootReadOnly;
  private final Refusal refuse;
  private final String scope;

  @FunctionalInterface
  interface Refusal {
    RefusedEntry of(String entry, String why);
  }

  BeneathWalk(Fs fs, int rootFd, Links links, Map<String, SafeTree.Mount> mounts, boolean rootReadOnly,
      Refusal refuse, String scope) {
    this.scope = scope;
    this.fs = fs;
    this.rootFd = rootFd;
    this.links = links;
    this.mounts = mounts;
    this.rootReadOnly = rootReadOnly;
    this.refuse = refuse;
  }

  /** Splits a name; in a refusing walk, absolute names and {@code ..} are refused. */
  List<String> components(String entry, String name) throws RefusedEntry {
    if (links == Links.REFUSE && name.startsWith("/")) {
      throw refuse.of(entry, "absolute paths are not allowed");
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    int n = name.length();
    while (start <= n) {
      int slash = name.indexOf('/', start);
      int end = slash < 0 ? n : slash;
      String part = name.substring(start, end);
      if (!part.isEmpty() && !part.equals(".")) {
        if (part.equals("..") && links == Links.REFUSE) {
          throw refuse.of(entry, "\"..\" would leave the " + scope);
        }
        out.add(part);
      }
      start = end + 1;
    }
    return out;
  }

  /**
   * Opens the directory {@code parts} name, creating missing ones (mode 0755, root's) when
   * {@code create}. The caller closes the descriptor unless it is the root's.
   */
  Dir open(String entry, List<String> parts, boolean create) throws java.io.IOException {
    if (parts.isEmpty()) {
      return new Dir(rootFd, "", rootReadOnly ? "/" : null);
    }
    if (links == Links.REFUSE && mounts.isEmpty() && !rootReadOnly && fs.hasOpenat2()) {
      try {
        String joined = String.join("/", parts);
        return new Dir(fs.openat2(rootFd, joined, DIR_FLAGS,
            Fs.RESOLVE_BENEATH | Fs.RESOLVE_NO_SYMLINKS | Fs.RESOLVE_NO_MAGICLINKS), joined, null);
      } catch (Fs.Errno e) {
        // missing (to create), a link or not a directory: the walk below says which, precisely
      }
    }
    return walk(entry, parts, create);
  }

  private record Frame(int fd, String path, String readOnlyMount) {}

  private Dir walk(String entry, List<String> parts, boolean create) throws java.io.IOException {
    Deque<String> todo = new ArrayDeque<>(parts);
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(rootFd, "", rootReadOnly ? "/" : null));
    int followed = 0;
    try {
      while (!todo.isEmpty()) {
        String part = todo.pop();
        if (part.isEmpty() || part.equals(".")) {
          continue;
        }
        Frame cur = stack.peek();
        if (part.equals("..")) {
          if (stack.size() > 1) {
            closeFrame(stack.pop());
          }
          continue;
        }
        String path = cur.path().isEmpty() ? part : cur.path() + "/" + part;
        SafeTree.Mount m = mounts.get(path);
        if (m != null) {
          int fd = fs.openat(Fs.AT_FDCWD, m.source().toString(), Fs.O_RDONLY | Fs.O_DIRECTORY, 0);
          stack.push(new Frame(fd, path, m.rw() ? null : "/" + path));
          continue;
        }
        int fd;
        try {
          fd = fs.openat(cur.fd(), part, DIR_FLAGS, 0);
        } catch (Fs.Errno e) {
          if (e.errno == Fs.ENOENT && create) {
            if (cur.readOnlyMount() != null) {
              throw readOnly(entry, cur.readOnlyMount());
            }
            try {
              fs.mkdirat(cur.fd(), part, 0755);
            } catch (Fs.Errno made) {
              if (made.errno == Fs.EROFS) {
                throw refuse.of(entry, "read-only file system");
              }
              if (made.errno != Fs.EEXIST) {
                throw made;
              }
            }
            todo.push(part); // open what is there now, whatever it is
            continue;
          }
          if (e.errno != Fs.ELOOP && e.errno != Fs.ENOTDIR) {
            throw e;
          }
          Fs.Stat st = fs.lstatat(cur.fd(), part);
          if (!st.isLink()) {
            throw refuse.of(entry, "\"" + path + "\" is not a directory");
          }
          if (links == Links.REFUSE) {
            throw refuse.of(entry, "refusing to follow a symlink out of the " + scope + " (\"" + path
                + "\" is a symbolic link)");
          }
          if (++followed > MAX_LINKS) {
            throw refuse.of(entry, "too many levels of symbolic links");
          }
          String target = fs.readlinkat(cur.fd(), part);
          if (target.startsWith("/")) {
            while (stack.size() > 1) {
              closeFrame(stack.pop());
            }
          }
          String[] t = target.split("/");
          for (int i = t.length - 1; i >= 0; i--) {
            todo.push(t[i]);
          }
          continue;
        }
        stack.push(new Frame(fd, path, cur.readOnlyMount()));
      }
      Frame top = stack.pop();
      return new Dir(top.fd(), top.path(), top.readOnlyMount());
    } finally {
      while (!stack.isEmpty()) {
        closeFrame(stack.pop());
      }
    }
  }

  RefusedEntry readOnly(String entry, String mount) {
    return refuse.of(entry, "read-only file system (" + mount + " is mounted read-only)");
  }

  private void closeFrame(Frame f) {
    if (f.fd() != rootFd) {
      fs.close(f.fd());
    }
  }

}
