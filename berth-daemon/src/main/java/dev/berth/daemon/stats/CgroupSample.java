package dev.berth.daemon.stats;

import java.util.List;
import java.util.Map;

/**
 * What one read of a container's cgroup gives, in the units Docker reports: CPU times in
 * nanoseconds, memory in bytes. Fields a cgroup version lacks are null ({@code percpu} and the
 * memory high-water mark on v2), and Docker leaves them out of its JSON.
 */
record CgroupSample(
    long cpuTotal, List<Long> percpu, long cpuKernel, long cpuUser,
    long periods, long throttledPeriods, long throttledTime,
    long memUsage, Long memMaxUsage, Long memFailcnt, long memLimit, Map<String, Long> memStats,
    List<Blkio> ioServiceBytes, List<Blkio> ioServiced,
    long pidsCurrent, long pidsLimit) {

  /** No limit: what v1 reports as a huge number and v2 as {@code max}. */
  static final long UNLIMITED = Long.MAX_VALUE;

  /** One row of blkio_stats: a device, an operation (Read, Write, ... on v1; read, write on v2), a value. */
  record Blkio(long major, long minor, String op, long value) {}
}
