package dev.berth.daemon.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Chooses the OCI runtime. crun starts containers several times faster than runc, but crun 1.8
 * refuses any cgroup setting on a hybrid v1/v2 layout ("cgroups in hybrid mode not supported"),
 * which is what this machine kind has; runc works on both layouts. So: crun on a pure cgroup v2
 * host, runc otherwise, and whatever the user names with {@code --runtime}.
 */
public final class RuntimeSelector {
  private static final List<Path> SEARCH = List.of(Path.of("/usr/bin"), Path.of("/usr/sbin"), Path.of("/usr/local/bin"),
      Path.of("/usr/local/sbin"), Path.of("/bin"), Path.of("/sbin"));

  private RuntimeSelector() {}

  /** The binary for a runtime name, or null when not installed. */
  public static Path find(String name) {
    for (Path dir : SEARCH) {
      Path p = dir.resolve(name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** True when /sys/fs/cgroup is a pure cgroup v2 mount. */
  public static boolean unifiedCgroups() {
    return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
  }

  /** Picks a runtime name: the requested one if given, else by the cgroup layout and what is installed. */
  public static String choose(String requested) {
    if (requested != null && !requested.isBlank()) {
      if (find(requested) == null) {
        throw new IllegalArgumentException("runtime " + requested + " is not installed");
      }
      return requested;
    }
    if (unifiedCgroups() && find("crun") != null) {
      return "crun";
    }
    if (find("runc") != null) {
      return "runc";
    }
    if (find("crun") != null) {
      return "crun";
    }
    throw new IllegalArgumentException("no OCI runtime found: install runc or crun");
  }
}
