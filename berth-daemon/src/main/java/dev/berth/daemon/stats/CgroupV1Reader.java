package dev.berth.daemon.stats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a container's statistics from cgroup v1, one directory per controller (cpu, cpuacct,
 * memory, blkio, pids), as runc lays them out under each controller's mount. Times from
 * cpuacct.stat are in USER_HZ ticks (100 per second on Linux) and become nanoseconds.
 */
final class CgroupV1Reader {
  private static final long NANOS_PER_TICK = 10_000_000L;

  private CgroupV1Reader() {}

  /** {@code dirs} maps a controller name to the container's directory in it; missing ones read as zero. */
  static CgroupSample read(Map<String, Path> dirs) throws IOException {
    Path cpuacct = dirs.get("cpuacct");
    Path cpu = dirs.get("cpu");
    Path memory = dirs.get("memory");
    Path blkio = dirs.get("blkio");
    Path pids = dirs.get("pids");

    long total = 0;
    List<Long> percpu = null;
    long kernel = 0;
    long user = 0;
    if (cpuacct != null) {
      total = CgroupFiles.number(cpuacct.resolve("cpuacct.usage"), 0);
      String per = CgroupFiles.read(cpuacct.resolve("cpuacct.usage_percpu"));
      percpu = per.isBlank() ? null : CgroupFiles.numbers(per);
      Map<String, Long> stat = CgroupFiles.keyValues(CgroupFiles.read(cpuacct.resolve("cpuacct.stat")));
      user = stat.getOrDefault("user", 0L) * NANOS_PER_TICK;
      kernel = stat.getOrDefault("system", 0L) * NANOS_PER_TICK;
    }
    Map<String, Long> throttle = cpu == null ? Map.of() : CgroupFiles.keyValues(CgroupFiles.read(cpu.resolve("cpu.stat")));

    long usage = 0;
    Long maxUsage = null;
    Long failcnt = null;
    long limit = CgroupSample.UNLIMITED;
    Map<String, Long> memStats = Map.of();
    if (memory != null) {
      usage = CgroupFiles.number(memory.resolve("memory.usage_in_bytes"), 0);
      maxUsage = CgroupFiles.number(memory.resolve("memory.max_usage_in_bytes"), 0);
      failcnt = CgroupFiles.number(memory.resolve("memory.failcnt"), 0);
      limit = CgroupFiles.number(memory.resolve("memory.limit_in_bytes"), CgroupSample.UNLIMITED);
      memStats = CgroupFiles.keyValues(CgroupFiles.read(memory.resolve("memory.stat")));
    }

    List<CgroupSample.Blkio> bytes = List.of();
    List<CgroupSample.Blkio> serviced = List.of();
    if (blkio != null) {
      // the CFQ/BFQ files count only with those schedulers; the throttle files always do
      bytes = blkio(CgroupFiles.read(blkio.resolve("blkio.io_service_bytes_recursive")));
      serviced = blkio(CgroupFiles.read(blkio.resolve("blkio.io_serviced_recursive")));
      if (bytes.isEmpty()) {
        bytes = blkio(CgroupFiles.read(blkio.resolve("blkio.throttle.io_service_bytes_recursive")));
        serviced = blkio(CgroupFiles.read(blkio.resolve("blkio.throttle.io_serviced_recursive")));
      }
    }

    long pidsCurrent = 0;
    long pidsLimit = 0;
    if (pids != null) {
      pidsCurrent = CgroupFiles.number(pids.resolve("pids.current"), 0);
      pidsLimit = CgroupFiles.number(pids.resolve("pids.max"), 0);
    }
    return new CgroupSample(total, percpu, kernel, user, throttle.getOrDefault("nr_periods", 0L),
        throttle.getOrDefault("nr_throttled", 0L), throttle.getOrDefault("throttled_time", 0L),
        usage, maxUsage, failcnt, limit, memStats, bytes, serviced, pidsCurrent, pidsLimit);
  }

  /** {@code 8:0 Read 4096} lines; the {@code Total} line is left out, as Docker does. */
  static List<CgroupSample.Blkio> blkio(String text) {
    List<CgroupSample.Blkio> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 3) {
        continue;
      }
      String[] dev = f[0].split(":");
      if (dev.length != 2) {
        continue;
      }
      try {
        out.add(new CgroupSample.Blkio(Long.parseLong(dev[0]), Long.parseLong(dev[1]), f[1], Long.parseLong(f[2])));
      } catch (NumberFormatException ignored) {
        // not a counter line
      }
    }
    return out;
  }
}
