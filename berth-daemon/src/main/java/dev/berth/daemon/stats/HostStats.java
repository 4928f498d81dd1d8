package dev.berth.daemon.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host figures beside a container's: total CPU time (/proc/stat), online CPUs, memory. */
final class HostStats {
  private static final long NANOS_PER_TICK = 10_000_000L;

  private HostStats() {}

  /**
   * The host's CPU time in nanoseconds as Docker computes system_cpu_usage: the first seven fields
   * of the {@code cpu} line (user, nice, system, idle, iowait, irq, softirq), in ticks.
   */
  static long systemCpuUsage(String procStat) {
    for (String line : procStat.split("\n")) {
      if (line.startsWith("cpu ")) {
        String[] f = line.trim().split("\\s+");
        long ticks = 0;
        for (int i = 1; i <= 7 && i < f.length; i++) {
          ticks += Long.parseLong(f[i]);
        }
        return ticks * NANOS_PER_TICK;
      }
    }
    return 0;
  }

  static long systemCpuUsage() throws IOException {
    return systemCpuUsage(Files.readString(Path.of("/proc/stat")));
  }

  /** The online CPUs, from a list such as {@code 0-3,6}. */
  static int onlineCpus(String list) {
    int n = 0;
    for (String part : list.strip().split(",")) {
      if (part.isEmpty()) {
        continue;
      }
      int dash = part.indexOf('-');
      n += dash < 0 ? 1 : Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
    }
    return n;
  }

  static int onlineCpus() {
    try {
      return onlineCpus(Files.readString(Path.of("/sys/devices/system/cpu/online")));
    } catch (IOException | RuntimeException e) {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  /** MemTotal in bytes. */
  static long memTotal(String meminfo) {
    for (String line : meminfo.split("\n")) {
      if (line.startsWith("MemTotal:")) {
        String[] f = line.trim().split("\\s+");
        return Long.parseLong(f[1]) * 1024;
      }
    }
    return 0;
  }

  static long memTotal() {
    try {
      return memTotal(Files.readString(Path.of("/proc/meminfo")));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
