package dev.berth.cli.command.container;

import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.format.Human;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resource and security flags of run, create and update, checked on the client as docker's
 * CLI checks them (sizes, ulimits, sysctls, devices) with its messages, so that a typo fails
 * before anything reaches the daemon.
 */
final class LimitFlags {
  private static final Set<String> ULIMITS = Set.of("as", "core", "cpu", "data", "fsize", "locks", "memlock",
      "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
  private static final Set<String> IPC_SYSCTLS = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",
      "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

  private LimitFlags() {}

  /** A size flag (--memory 512m); 0 when absent. {@code shown} is how docker names the flag in errors. */
  static long bytes(ParsedArgs a, String flag, String shown) {
    String v = a.value(flag);
    if (v == null) {
      return 0;
    }
    try {
      return Human.ramInBytes(v);
    } catch (IllegalArgumentException e) {
      throw new UsageException("invalid argument \"" + v + "\" for \"" + shown + "\" flag: " + e.getMessage());
    }
  }

  /** --memory-swap: a size, or -1 for unlimited swap. */
  static long swap(ParsedArgs a) {
    String v = a.value("memory-swap");
    return v != null && v.strip().equals("-1") ? -1 : bytes(a, "memory-swap", "--memory-swap");
  }

  /** docker's ParseUlimit: name=soft[:hard]. */
  static List<Object> ulimits(List<String> list) {
    List<Object> out = new ArrayList<>();
    for (String u : list) {
      int eq = u.indexOf('=');
      if (eq < 0) {
        throw ulimitError(u, "invalid ulimit argument: " + u);
      }
      String name = u.substring(0, eq);
      if (!ULIMITS.contains(name)) {
        throw ulimitError(u, "invalid ulimit type: " + name);
      }
      String[] lim = u.substring(eq + 1).split(":", -1);
      if (lim.length > 2) {
        throw ulimitError(u, "too many limit value arguments - " + u.substring(eq + 1)
            + ", can only have up to two, `soft[:hard]`");
      }
      long soft = parseLimit(u, lim[0]);
      long hard = lim.length > 1 ? parseLimit(u, lim[1]) : soft;
      if (soft > hard && hard != -1) {
        throw ulimitError(u, "ulimit soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Name", name);
      m.put("Hard", hard);
      m.put("Soft", soft);
      out.add(m);
    }
    return out.isEmpty() ? null : out;
  }

  private static long parseLimit(String u, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ulimitError(u, "strconv.ParseInt: parsing \"" + v + "\": invalid syntax");
    }
  }

  private static UsageException ulimitError(String u, String why) {
    return new UsageException("invalid argument \"" + u + "\" for \"--ulimit\" flag: " + why);
  }

  /** docker's ValidateSysctl: only namespaced keys. */
  static Map<String, Object> sysctls(List<String> list) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String s : list) {
      int eq = s.indexOf('=');
      String key = eq < 0 ? s : s.substring(0, eq);
      if (eq < 0 || !(IPC_SYSCTLS.contains(key) || key.startsWith("net.") || key.startsWith("fs.mqueue."))) {
        throw new UsageException("invalid argument \"" + s + "\" for \"--sysctl\" flag: sysctl '" + s
            + "' is not allowed");
      }
      out.put(key, s.substring(eq + 1));
    }
    return out.isEmpty() ? null : out;
  }

  /** docker's device syntax: /dev/host[:/dev/container][:rwm]. */
  static List<Object> devices(List<String> list) {
    List<Object> out = new ArrayList<>();
    for (String d : list) {
      String[] p = d.split(":", -1);
      String host = p[0];
      String inside = host;
      String mode = "rwm";
      if (p.length == 2) {
        if (isMode(p[1])) {
          mode = p[1];
        } else {
          inside = p[1];
        }
      } else if (p.length == 3) {
        inside = p[1];
        mode = p[2];
      } else if (p.length > 3) {
        throw new UsageException("invalid argument \"" + d + "\" for \"--device\" flag: bad format for device: " + d);
      }
      if (!isMode(mode)) {
        throw new UsageException("invalid argument \"" + d + "\" for \"--device\" flag: invalid device mode: " + mode);
      }
      if (!inside.startsWith("/")) {
        throw new UsageException("invalid argument \"" + d + "\" for \"--device\" flag: bad format for path: "
            + inside);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("PathOnHost", host);
      m.put("PathInContainer", inside);
      m.put("CgroupPermissions", mode);
      out.add(m);
    }
    return out;
  }

  private static boolean isMode(String m) {
    return !m.isEmpty() && m.length() <= 3 && m.chars().allMatch(c -> c == 'r' || c == 'w' || c == 'm')
        && m.chars().distinct().count() == m.length();
  }

  /**
   * --security-opt as docker's CLI sends it: a seccomp profile given by path is read here and
   * sent as its (compacted) JSON content, since the daemon cannot read the client's files.
   */
  static List<String> securityOpts(List<String> list) throws IOException {
    List<String> out = new ArrayList<>();
    for (String opt : list) {
      int eq = opt.indexOf('=');
      if (eq < 0) {
        eq = opt.indexOf(':');
      }
      String key = eq < 0 ? opt : opt.substring(0, eq);
      String value = eq < 0 ? "" : opt.substring(eq + 1);
      if (key.equals("seccomp") && !value.isEmpty() && !value.equals("unconfined") && !value.equals("builtin")) {
        byte[] profile;
        try {
          profile = Files.readAllBytes(Path.of(value));
        } catch (java.nio.file.NoSuchFileException e) {
          throw new IllegalArgumentException("opening seccomp profile (" + value + ") failed: open " + value
              + ": no such file or directory");
        } catch (IOException e) {
          throw new IllegalArgumentException("opening seccomp profile (" + value + ") failed: " + e.getMessage());
        }
        Object parsed;
        try {
          parsed = Json.parse(new String(profile, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("parsing seccomp profile (" + value + ") failed: " + e.getMessage());
        }
        out.add("seccomp=" + Json.write(parsed));
      } else {
        out.add(opt);
      }
    }
    return out.isEmpty() ? null : out;
  }
}
