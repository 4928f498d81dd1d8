package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The capability set of a container as Docker computes it from {@code CapAdd}, {@code CapDrop}
 * and {@code Privileged}: Docker's default set, names with or without {@code CAP_}, {@code ALL}
 * in either list. "All capabilities" means all that this daemon can grant, its own bounding set:
 * a host (or a sandbox) that withholds one (this kind lacks CAP_SYS_RESOURCE) makes Docker's
 * privileged containers fail with "unable to apply caps"; Berth grants what exists instead.
 */
final class Capabilities {
  /** Linux capability names by number (capability.h). */
  static final List<String> KNOWN = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
      "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
      "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
      "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
      "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
      "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
      "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
      "CAP_CHECKPOINT_RESTORE");

  /** Docker's default capability set. */
  static final List<String> DEFAULT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
      "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
      "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

  private static volatile List<String> grantable;

  private Capabilities() {}

  /** Refuses unknown names at create, as Docker does. */
  static void validate(JsonNode hostConfig) {
    normalize(hostConfig.path("CapAdd"));
    normalize(hostConfig.path("CapDrop"));
  }

  /** The container's capabilities, in the kernel's order. */
  static List<String> of(JsonNode hostConfig) {
    List<String> all = grantable();
    if (hostConfig.path("Privileged").asBoolean(false)) {
      return all;
    }
    List<String> add = normalize(hostConfig.path("CapAdd"));
    List<String> drop = normalize(hostConfig.path("CapDrop"));
    Set<String> caps = new LinkedHashSet<>();
    if (add.contains("ALL")) {
      caps.addAll(all);
    } else if (!drop.contains("ALL")) {
      caps.addAll(DEFAULT);
    }
    if (!drop.contains("ALL")) {
      caps.removeAll(drop);
    }
    for (String c : add) {
      if (!c.equals("ALL")) {
        if (!all.contains(c)) {
          throw ApiException.badRequest("capability " + c + " cannot be granted: berthd's own capability bounding set"
              + " lacks it");
        }
        caps.add(c);
      }
    }
    List<String> out = new ArrayList<>();
    for (String k : KNOWN) {
      if (caps.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }

  /** Upper case with the CAP_ prefix; ALL stays ALL; an unknown name is refused. */
  static List<String> normalize(JsonNode list) {
    List<String> out = new ArrayList<>();
    if (list == null || !list.isArray()) {
      return out;
    }
    for (JsonNode n : list) {
      String c = n.asText("").strip().toUpperCase(Locale.ROOT);
      if (c.equals("ALL")) {
        out.add(c);
        continue;
      }
      if (!c.startsWith("CAP_")) {
        c = "CAP_" + c;
      }
      if (!KNOWN.contains(c)) {
        throw ApiException.badRequest("unknown capability: \"" + c + "\"");
      }
      out.add(c);
    }
    return out;
  }

  /** The capabilities in berthd's own bounding set (CapBnd in /proc/self/status), read once. */
  static List<String> grantable() {
    List<String> g = grantable;
    if (g == null) {
      g = fromMask(boundingMask());
      grantable = g;
    }
    return g;
  }

  static List<String> fromMask(long mask) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < KNOWN.size(); i++) {
      if ((mask & (1L << i)) != 0) {
        out.add(KNOWN.get(i));
      }
    }
    return out;
  }

  private static long boundingMask() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapBnd:")) {
          return Long.parseUnsignedLong(line.substring(7).strip(), 16);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through: the default set is all Berth can be sure of
    }
    long mask = 0;
    for (String c : DEFAULT) {
      mask |= 1L << KNOWN.indexOf(c);
    }
    return mask;
  }
}
