package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * Memory, CPU and PID limits: Docker's {@code HostConfig} resource fields, checked with Docker's
 * rules and messages, given Docker's defaults (swap twice the memory, a 64 MB /dev/shm), and
 * written as OCI {@code linux.resources}, which runc and crun apply on cgroup v1 and v2 alike.
 */
final class ResourceLimits {
  static final long MIN_MEMORY = 6L * 1024 * 1024;
  static final long DEFAULT_SHM = 64L * 1024 * 1024;
  static final long CFS_PERIOD = 100_000;
  /** The resource fields Docker's inspect always shows, with their zero values. */
  private static final List<String> ZERO_FIELDS = List.of("CpuShares", "Memory", "NanoCpus", "CpuPeriod", "CpuQuota",
      "CpuRealtimePeriod", "CpuRealtimeRuntime", "MemoryReservation", "MemorySwap", "KernelMemoryTCP", "BlkioWeight",
      "OomScoreAdj");

  private ResourceLimits() {}

  /** Checks what arrives on create (or update), as Docker's daemon does, and fills in its defaults. */
  static void checkAndNormalize(ObjectNode h) {
    check(h);
    long memory = h.path("Memory").asLong(0);
    if (memory > 0 && h.path("MemorySwap").asLong(0) == 0) {
      // Docker's default: as much swap as memory
      h.put("MemorySwap", swapLimitSupported() ? memory * 2 : -1);
    }
    if (h.path("ShmSize").asLong(0) == 0) {
      h.put("ShmSize", DEFAULT_SHM);
    }
  }

  static void check(JsonNode h) {
    long memory = h.path("Memory").asLong(0);
    long swap = h.path("MemorySwap").asLong(0);
    long reservation = h.path("MemoryReservation").asLong(0);
    if (memory < 0) {
      throw ApiException.badRequest("invalid memory limit: it cannot be negative");
    }
    if (memory > 0 && memory < MIN_MEMORY) {
      throw ApiException.badRequest("Minimum memory limit allowed is 6MB");
    }
    if (swap > 0 && memory == 0) {
      throw ApiException.badRequest("You should always set the Memory limit when using Memoryswap limit, see usage");
    }
    if (swap > 0 && swap < memory) {
      throw ApiException.badRequest("Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    if (swap < -1) {
      throw ApiException.badRequest("invalid memory swap limit: use -1 for unlimited swap");
    }
    if (reservation < 0 || (reservation > 0 && reservation < MIN_MEMORY)) {
      throw ApiException.badRequest("Minimum memory reservation allowed is 6MB");
    }
    if (memory > 0 && reservation > 0 && memory < reservation) {
      throw ApiException.badRequest("Minimum memory limit can not be less than memory reservation limit, see usage");
    }
    JsonNode swappiness = h.get("MemorySwappiness");
    if (swappiness != null && !swappiness.isNull() && swappiness.asLong() != -1
        && (swappiness.asLong() < 0 || swappiness.asLong() > 100)) {
      throw ApiException.badRequest("Invalid value: " + swappiness.asLong()
          + ", valid memory swappiness range is 0-100");
    }
    long nano = h.path("NanoCpus").asLong(0);
    long period = h.path("CpuPeriod").asLong(0);
    long quota = h.path("CpuQuota").asLong(0);
    if (nano > 0 && period > 0) {
      throw ApiException.badRequest("Conflicting options: Nano CPUs and CPU Period cannot both be set");
    }
    if (nano > 0 && quota > 0) {
      throw ApiException.badRequest("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    }
    int cpus = Runtime.getRuntime().availableProcessors();
    if (nano < 0 || nano > cpus * 1_000_000_000L) {
      throw ApiException.badRequest("Range of CPUs is from 0.01 to " + cpus + ".00, as there are only " + cpus
          + " CPUs available");
    }
    if (period != 0 && (period < 1000 || period > 1_000_000)) {
      throw ApiException.badRequest(
          "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1 second (i.e. 1000000)");
    }
    if (quota > 0 && quota < 1000) {
      throw ApiException.badRequest("CPU cfs quota can not be less than 1ms (i.e. 1000)");
    }
    if (h.path("CpuShares").asLong(0) < 0) {
      throw ApiException.badRequest("invalid CPU shares: it cannot be negative");
    }
    checkCpuset(h.path("CpusetCpus").asText(""), "cpus", "cpuset/cpuset.cpus");
    checkCpuset(h.path("CpusetMems").asText(""), "mems", "cpuset/cpuset.mems");
    if (h.path("ShmSize").asLong(0) < 0) {
      throw ApiException.badRequest("SHM size can not be less than 0");
    }
    long oomAdj = h.path("OomScoreAdj").asLong(0);
    if (oomAdj < -1000 || oomAdj > 1000) {
      throw ApiException.badRequest("Invalid value " + oomAdj + ", range for oom score adj is [-1000, 1000]");
    }
  }

  /** A cpuset list ("0-2,4"), refused when malformed or naming CPUs (or nodes) the host lacks. */
  private static void checkCpuset(String spec, String what, String hostFile) {
    if (spec.isEmpty()) {
      return;
    }
    TreeSet<Integer> wanted = parseList(spec);
    if (wanted == null) {
      throw ApiException.badRequest("Invalid value " + spec + " for cpuset " + what);
    }
    String available = hostList(hostFile);
    TreeSet<Integer> have = available == null ? null : parseList(available);
    if (have != null && !have.containsAll(wanted)) {
      throw ApiException.badRequest("Requested " + (what.equals("cpus") ? "CPUs" : "memory nodes")
          + " are not available - requested " + spec + ", available: " + available);
    }
  }

  private static String hostList(String v1File) {
    for (Path p : List.of(Path.of("/sys/fs/cgroup", v1File),
        Path.of("/sys/fs/cgroup", v1File.endsWith("cpus") ? "cpuset.cpus.effective" : "cpuset.mems.effective"))) {
      try {
        if (Files.isReadable(p)) {
          return Files.readString(p).strip();
        }
      } catch (java.io.IOException ignored) {
        // try the next layout
      }
    }
    return null;
  }

  static TreeSet<Integer> parseList(String spec) {
    TreeSet<Integer> out = new TreeSet<>();
    for (String part : spec.split(",", -1)) {
      String[] r = part.strip().split("-", -1);
      try {
        int from = Integer.parseInt(r[0]);
        int to = r.length == 2 ? Integer.parseInt(r[1]) : from;
        if (r.length > 2 || from < 0 || to < from || to - from > 4096) {
          return null;
        }
        for (int i = from; i <= to; i++) {
          out.add(i);
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return out;
  }

  /** Whether the host accounts swap (v1 needs memory.memsw.*; v2 has memory.swap.max when memory is on). */
  static boolean swapLimitSupported() {
    if (dev.berth.daemon.runtime.RuntimeSelector.unifiedCgroups()) {
      return true;
    }
    return Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"));
  }

  /** Fills {@code linux.resources} (beside its devices) from the host config. */
  static void toOci(JsonNode h, ObjectNode resources) {
    ObjectNode memory = Json.plain().createObjectNode();
    long limit = h.path("Memory").asLong(0);
    if (limit > 0) {
      memory.put("limit", limit);
      long swap = h.path("MemorySwap").asLong(0);
      if (swap != 0 && swapLimitSupported()) {
        memory.put("swap", swap);
      }
    }
    if (h.path("MemoryReservation").asLong(0) > 0) {
      memory.put("reservation", h.path("MemoryReservation").asLong());
    }
    JsonNode swappiness = h.get("MemorySwappiness");
    if (swappiness != null && swappiness.isNumber() && swappiness.asLong() >= 0) {
      memory.put("swappiness", swappiness.asLong());
    }
    if (h.path("OomKillDisable").asBoolean(false)) {
      memory.put("disableOOMKiller", true);
    }
    if (!memory.isEmpty()) {
      resources.set("memory", memory);
    }
    ObjectNode cpu = Json.plain().createObjectNode();
    if (h.path("CpuShares").asLong(0) > 0) {
      cpu.put("shares", h.path("CpuShares").asLong());
    }
    long nano = h.path("NanoCpus").asLong(0);
    if (nano > 0) {
      cpu.put("quota", nano * CFS_PERIOD / 1_000_000_000L);
      cpu.put("period", CFS_PERIOD);
    } else {
      if (h.path("CpuQuota").asLong(0) != 0) {
        cpu.put("quota", h.path("CpuQuota").asLong());
      }
      if (h.path("CpuPeriod").asLong(0) != 0) {
        cpu.put("period", h.path("CpuPeriod").asLong());
      }
    }
    if (!h.path("CpusetCpus").asText("").isEmpty()) {
      cpu.put("cpus", h.path("CpusetCpus").asText());
    }
    if (!h.path("CpusetMems").asText("").isEmpty()) {
      cpu.put("mems", h.path("CpusetMems").asText());
    }
    if (!cpu.isEmpty()) {
      resources.set("cpu", cpu);
    }
    JsonNode pids = h.get("PidsLimit");
    if (pids != null && pids.isNumber() && pids.asLong() != 0) {
      resources.putObject("pids").put("limit", pids.asLong() < 0 ? -1 : pids.asLong());
    }
  }

  /** The zero values Docker's inspect shows for fields a client left out. */
  static void inspectDefaults(ObjectNode h) {
    for (String f : ZERO_FIELDS) {
      if (!h.hasNonNull(f)) {
        h.put(f, 0);
      }
    }
    for (String f : List.of("CpusetCpus", "CpusetMems")) {
      if (!h.hasNonNull(f)) {
        h.put(f, "");
      }
    }
    if (!h.has("PidsLimit")) {
      h.putNull("PidsLimit");
    }
    if (!h.has("MemorySwappiness")) {
      h.putNull("MemorySwappiness");
    }
    if (!h.hasNonNull("OomKillDisable")) {
      h.put("OomKillDisable", false);
    }
    if (!h.hasNonNull("ShmSize")) {
      h.put("ShmSize", DEFAULT_SHM);
    }
  }
}
