package dev.berth.daemon.stats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a container's statistics from its cgroup v2 directory: cpu.stat (microseconds, made
 * nanoseconds), memory.current/max/stat, io.stat ({@code rbytes=} ... per device, given to clients
 * as Docker does: {@code read} and {@code write} rows) and pids.current/max. v2 has no per-CPU
 * times and no memory high-water mark; those stay null.
 */
final class CgroupV2Reader {
  private CgroupV2Reader() {}

  static CgroupSample read(Path dir) throws IOException {
    Map<String, Long> cpu = CgroupFiles.keyValues(CgroupFiles.read(dir.resolve("cpu.stat")));
    long usage = CgroupFiles.number(dir.resolve("memory.current"), 0);
    long limit = CgroupFiles.number(dir.resolve("memory.max"), CgroupSample.UNLIMITED);
    Map<String, Long> memStats = CgroupFiles.keyValues(CgroupFiles.read(dir.resolve("memory.stat")));
    List<CgroupSample.Blkio> bytes = new ArrayList<>();
    List<CgroupSample.Blkio> serviced = new ArrayList<>();
    ioStat(CgroupFiles.read(dir.resolve("io.stat")), bytes, serviced);
    return new CgroupSample(cpu.getOrDefault("usage_usec", 0L) * 1000, null,
        cpu.getOrDefault("system_usec", 0L) * 1000, cpu.getOrDefault("user_usec", 0L) * 1000,
        cpu.getOrDefault("nr_periods", 0L), cpu.getOrDefault("nr_throttled", 0L),
        cpu.getOrDefault("throttled_usec", 0L) * 1000,
        usage, null, null, limit, memStats, bytes, serviced,
        CgroupFiles.number(dir.resolve("pids.current"), 0), CgroupFiles.number(dir.resolve("pids.max"), 0));
  }

  /** {@code 8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0} lines. */
  static void ioStat(String text, List<CgroupSample.Blkio> bytes, List<CgroupSample.Blkio> serviced) {
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 2) {
        continue;
      }
      String[] dev = f[0].split(":");
      if (dev.length != 2) {
        continue;
      }
      long major;
      long minor;
      try {
        major = Long.parseLong(dev[0]);
        minor = Long.parseLong(dev[1]);
      } catch (NumberFormatException e) {
        continue;
      }
      for (int i = 1; i < f.length; i++) {
        int eq = f[i].indexOf('=');
        if (eq < 0) {
          continue;
        }
        long v;
        try {
          v = Long.parseLong(f[i].substring(eq + 1));
        } catch (NumberFormatException e) {
          continue;
        }
        switch (f[i].substring(0, eq)) {
          case "rbytes" -> bytes.add(new CgroupSample.Blkio(major, minor, "read", v));
          case "wbytes" -> bytes.add(new CgroupSample.Blkio(major, minor, "write", v));
          case "rios" -> serviced.add(new CgroupSample.Blkio(major, minor, "read", v));
          case "wios" -> serviced.add(new CgroupSample.Blkio(major, minor, "write", v));
          default -> { }
        }
      }
    }
  }
}
