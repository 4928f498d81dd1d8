package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --ulimit name=soft[:hard]} as OCI {@code process.rlimits}. Raising a hard limit above
 * the daemon's own needs CAP_SYS_RESOURCE; without it (as in this sandbox) runc fails with a bare
 * "operation not permitted" at start. Berth refuses such a request at create instead, naming the
 * limit and the most it can grant.
 */
final class Ulimits {
  /** Docker's names and the kernel's resources, with the line /proc/self/limits uses for each. */
  private static final Map<String, String[]> NAMES = Map.ofEntries(
      Map.entry("as", new String[] {"RLIMIT_AS", "Max address space"}),
      Map.entry("core", new String[] {"RLIMIT_CORE", "Max core file size"}),
      Map.entry("cpu", new String[] {"RLIMIT_CPU", "Max cpu time"}),
      Map.entry("data", new String[] {"RLIMIT_DATA", "Max data size"}),
      Map.entry("fsize", new String[] {"RLIMIT_FSIZE", "Max file size"}),
      Map.entry("locks", new String[] {"RLIMIT_LOCKS", "Max file locks"}),
      Map.entry("memlock", new String[] {"RLIMIT_MEMLOCK", "Max locked memory"}),
      Map.entry("msgqueue", new String[] {"RLIMIT_MSGQUEUE", "Max msgqueue size"}),
      Map.entry("nice", new String[] {"RLIMIT_NICE", "Max nice priority"}),
      Map.entry("nofile", new String[] {"RLIMIT_NOFILE", "Max open files"}),
      Map.entry("nproc", new String[] {"RLIMIT_NPROC", "Max processes"}),
      Map.entry("rss", new String[] {"RLIMIT_RSS", "Max resident set"}),
      Map.entry("rtprio", new String[] {"RLIMIT_RTPRIO", "Max realtime priority"}),
      Map.entry("rttime", new String[] {"RLIMIT_RTTIME", "Max realtime timeout"}),
      Map.entry("sigpending", new String[] {"RLIMIT_SIGPENDING", "Max pending signals"}),
      Map.entry("stack", new String[] {"RLIMIT_STACK", "Max stack size"}));
  private static final int CAP_SYS_RESOURCE = 24;

  private Ulimits() {}

  static void validate(JsonNode hostConfig) {
    for (JsonNode u : hostConfig.path("Ulimits")) {
      String name = u.path("Name").asText("");
      String[] known = NAMES.get(name.toLowerCase(Locale.ROOT));
      if (known == null) {
        throw ApiException.badRequest("invalid ulimit type: " + name);
      }
      long soft = u.path("Soft").asLong(0);
      long hard = u.path("Hard").asLong(0);
      if (soft > hard && hard >= 0 || soft < 0 && hard >= 0 || soft < -1 || hard < -1) {
        throw ApiException.badRequest("ulimit soft limit must be less than or equal to hard limit: " + soft + " > "
            + hard);
      }
      long own = ownHardLimit(known[1]);
      if (own >= 0 && (hard < 0 || hard > own) && !hasCapability(CAP_SYS_RESOURCE)) {
        throw ApiException.badRequest("ulimit " + name + ": hard limit " + (hard < 0 ? "unlimited" : hard)
            + " is above berthd's own (" + own + ") and berthd lacks CAP_SYS_RESOURCE to raise it; use at most "
            + name + "=" + Math.min(soft < 0 ? own : soft, own) + ":" + own);
      }
    }
  }

  /** The OCI rlimits, or null when none were asked for. */
  static ArrayNode toOci(JsonNode hostConfig) {
    JsonNode list = hostConfig.path("Ulimits");
    if (!list.isArray() || list.isEmpty()) {
      return null;
    }
    ArrayNode out = Json.plain().createArrayNode();
    for (JsonNode u : list) {
      String[] known = NAMES.get(u.path("Name").asText("").toLowerCase(Locale.ROOT));
      // -1 means unlimited, which is the all-ones value the kernel uses
      out.addObject().put("type", known[0]).put("hard", u.path("Hard").asLong()).put("soft", u.path("Soft").asLong());
    }
    return out;
  }

  /** berthd's hard limit for a resource, -1 when unlimited or unknown. */
  private static long ownHardLimit(String line) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (l.startsWith(line + " ")) {
          String[] f = l.substring(line.length()).strip().split("\\s+");
          return f.length > 1 && !f[1].equals("unlimited") ? Long.parseLong(f[1]) : -1;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // unknown: let the runtime decide
    }
    return -1;
  }

  private static boolean hasCapability(int cap) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("CapEff:")) {
          return (Long.parseUnsignedLong(l.substring(7).strip(), 16) & (1L << cap)) != 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // assume it has it
    }
    return true;
  }
}
