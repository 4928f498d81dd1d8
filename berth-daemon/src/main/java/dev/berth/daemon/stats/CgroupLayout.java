package dev.berth.daemon.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the cgroup controllers are mounted, found once at start from /proc/self/mountinfo. A host
 * is read as cgroup v1 when any of the controllers stats need is on a v1 hierarchy (this also
 * covers the hybrid layout, whose v2 mount holds no such controller), else as v2.
 *
 * <p>A container's own directories come from {@code /proc/<pid>/cgroup} rather than from the
 * {@code cgroupsPath} in its spec, so the answer is right however the runtime or the cgroup
 * namespace we run in placed it; the spec's path is the fallback.
 */
final class CgroupLayout {
  static final Set<String> CONTROLLERS = Set.of("cpu", "cpuacct", "memory", "blkio", "pids");

  private record Mount(Path point, String root) {}

  private final Map<String, Mount> v1 = new HashMap<>();
  private Mount unified;

  private CgroupLayout() {}

  /** The layout of this host. */
  static CgroupLayout detect() throws IOException {
    return parse(Files.readString(Path.of("/proc/self/mountinfo")));
  }

  /** The layout a mountinfo text describes. */
  static CgroupLayout parse(String mountinfo) {
    CgroupLayout l = new CgroupLayout();
    for (String line : mountinfo.split("\n")) {
      String[] f = line.split(" ");
      int dash = List.of(f).indexOf("-");
      if (dash < 0 || f.length < dash + 4 || f.length < 5) {
        continue;
      }
      String fstype = f[dash + 1];
      Mount m = new Mount(Path.of(unescape(f[4])), unescape(f[3]));
      if (fstype.equals("cgroup2")) {
        if (l.unified == null) {
          l.unified = m;
        }
      } else if (fstype.equals("cgroup")) {
        for (String opt : f[dash + 3].split(",")) {
          if (CONTROLLERS.contains(opt)) {
            l.v1.putIfAbsent(opt, m);
          }
        }
      }
    }
    return l;
  }

  /** Whether this is a pure cgroup v2 host. */
  boolean v2() {
    return v1.isEmpty() && unified != null;
  }

  /** The container's v2 directory, given the text of its /proc/PID/cgroup (null or empty: the spec's path). */
  Path unifiedDir(String procCgroup, String fallback) {
    if (unified == null) {
      return null;
    }
    String path = fallback;
    if (procCgroup != null) {
      for (String line : procCgroup.split("\n")) {
        if (line.startsWith("0::")) {
          path = line.substring(3).strip();
        }
      }
    }
    return under(unified, path);
  }

  /** The container's v1 directory per controller, given the text of its /proc/PID/cgroup. */
  Map<String, Path> v1Dirs(String procCgroup, String fallback) {
    Map<String, Path> out = new HashMap<>();
    Map<String, String> paths = new HashMap<>();
    if (procCgroup != null) {
      for (String line : procCgroup.split("\n")) {
        String[] f = line.split(":", 3);
        if (f.length == 3 && !f[1].isEmpty()) {
          for (String c : f[1].split(",")) {
            paths.put(c, f[2].strip());
          }
        }
      }
    }
    for (Map.Entry<String, Mount> e : v1.entrySet()) {
      out.put(e.getKey(), under(e.getValue(), paths.getOrDefault(e.getKey(), fallback)));
    }
    return out;
  }

  /** A cgroup path as seen from the mount: the mount's own root is cut off its front. */
  private static Path under(Mount m, String cgroupPath) {
    String p = cgroupPath;
    if (!m.root().equals("/") && p.startsWith(m.root())) {
      p = p.substring(m.root().length());
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.contains("..")) {
      throw new IllegalArgumentException("unexpected cgroup path " + cgroupPath);
    }
    return p.isEmpty() ? m.point() : m.point().resolve(p);
  }

  /** mountinfo escapes space, tab, newline and backslash as octal. */
  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 4 <= s.length()) {
        try {
          sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
          i += 3;
          continue;
        } catch (NumberFormatException ignored) {
          // a plain backslash
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
