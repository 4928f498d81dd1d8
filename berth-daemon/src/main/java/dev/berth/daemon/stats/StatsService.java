package dev.berth.daemon.stats;

import dev.berth.daemon.container.Container;
import dev.berth.daemon.util.Times;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Container statistics in Docker's {@code StatsResponse} shape, read from the container's cgroups
 * (v1 or v2, detected once at start), /proc/stat and the container's /proc/PID/net/dev. A frame
 * pairs a sample with the one before it ({@code precpu_stats}), from which clients compute CPU %.
 */
public final class StatsService {
  private final CgroupLayout layout;
  private final long hostMemory;

  /** A reading of one running container at one time. */
  public record Sample(Instant read, CgroupSample cgroup, long systemCpu, int onlineCpus,
      Map<String, NetDev.Counters> networks) {}

  public StatsService() throws IOException {
    this(CgroupLayout.detect(), HostStats.memTotal());
  }

  StatsService(CgroupLayout layout, long hostMemory) {
    this.layout = layout;
    this.hostMemory = hostMemory;
  }

  /** Whether the host has pure cgroup v2. */
  public boolean cgroupV2() {
    return layout.v2();
  }

  /** Reads a running container now; null when it is not running (or stopped while being read). */
  public Sample sample(Container c) {
    int pid = c.state.pid;
    if (!c.state.running() || pid <= 0) {
      return null;
    }
    try {
      String procCgroup = readOrNull(Path.of("/proc/" + pid + "/cgroup"));
      String fallback = "/berth/" + c.id;
      CgroupSample cg = layout.v2() ? CgroupV2Reader.read(layout.unifiedDir(procCgroup, fallback))
          : CgroupV1Reader.read(layout.v1Dirs(procCgroup, fallback));
      Map<String, NetDev.Counters> nets = Map.of();
      if (!c.networkMode.equals("host")) {
        String dev = readOrNull(Path.of("/proc/" + pid + "/net/dev"));
        nets = dev == null ? Map.of() : NetDev.parse(dev);
      }
      return new Sample(Instant.now(), cg, HostStats.systemCpuUsage(), HostStats.onlineCpus(), nets);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String readOrNull(Path p) throws IOException {
    try {
      return Files.readString(p);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * One frame: {@code now} null gives Docker's answer for a container that does not run (zeros and
   * empty objects), {@code pre} null a frame without previous CPU figures (the first of a stream).
   */
  public Map<String, Object> frame(Container c, Sample pre, Sample now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("read", now == null ? Times.ZERO : Times.rfc3339(now.read()));
    m.put("preread", pre == null || now == null ? Times.ZERO : Times.rfc3339(pre.read()));
    m.put("pids_stats", pids(now));
    m.put("blkio_stats", blkio(now));
    m.put("num_procs", 0);
    m.put("storage_stats", Map.of());
    m.put("cpu_stats", cpu(now));
    m.put("precpu_stats", cpu(now == null ? null : pre));
    m.put("memory_stats", memory(now));
    m.put("name", "/" + c.name);
    m.put("id", c.id);
    if (now != null && !now.networks().isEmpty()) {
      Map<String, Object> nets = new LinkedHashMap<>();
      now.networks().forEach((k, v) -> nets.put(k, v.toJson()));
      m.put("networks", nets);
    }
    return m;
  }

  private static Map<String, Object> pids(Sample s) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (s != null) {
      m.put("current", s.cgroup().pidsCurrent());
      if (s.cgroup().pidsLimit() > 0) {
        m.put("limit", s.cgroup().pidsLimit());
      }
    }
    return m;
  }

  private static Map<String, Object> blkio(Sample s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("io_service_bytes_recursive", s == null ? null : entries(s.cgroup().ioServiceBytes()));
    m.put("io_serviced_recursive", s == null ? null : entries(s.cgroup().ioServiced()));
    for (String k : List.of("io_queue_recursive", "io_service_time_recursive", "io_wait_time_recursive",
        "io_merged_recursive", "io_time_recursive", "sectors_recursive")) {
      m.put(k, null);
    }
    return m;
  }

  private static List<Object> entries(List<CgroupSample.Blkio> list) {
    List<Object> out = new ArrayList<>();
    for (CgroupSample.Blkio b : list) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("major", b.major());
      e.put("minor", b.minor());
      e.put("op", b.op());
      e.put("value", b.value());
      out.add(e);
    }
    return out;
  }

  private static Map<String, Object> cpu(Sample s) {
    Map<String, Object> usage = new LinkedHashMap<>();
    Map<String, Object> throttling = new LinkedHashMap<>();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu_usage", usage);
    if (s == null) {
      usage.put("total_usage", 0);
      usage.put("usage_in_kernelmode", 0);
      usage.put("usage_in_usermode", 0);
      throttling.put("periods", 0);
      throttling.put("throttled_periods", 0);
      throttling.put("throttled_time", 0);
    } else {
      CgroupSample cg = s.cgroup();
      usage.put("total_usage", cg.cpuTotal());
      if (cg.percpu() != null) {
        usage.put("percpu_usage", cg.percpu());
      }
      usage.put("usage_in_kernelmode", cg.cpuKernel());
      usage.put("usage_in_usermode", cg.cpuUser());
      m.put("system_cpu_usage", s.systemCpu());
      m.put("online_cpus", s.onlineCpus());
      throttling.put("periods", cg.periods());
      throttling.put("throttled_periods", cg.throttledPeriods());
      throttling.put("throttled_time", cg.throttledTime());
    }
    m.put("throttling_data", throttling);
    return m;
  }

  private Map<String, Object> memory(Sample s) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (s == null) {
      return m;
    }
    CgroupSample cg = s.cgroup();
    m.put("usage", cg.memUsage());
    if (cg.memMaxUsage() != null) {
      m.put("max_usage", cg.memMaxUsage());
    }
    m.put("stats", cg.memStats());
    if (cg.memFailcnt() != null) {
      m.put("failcnt", cg.memFailcnt());
    }
    // no limit of its own: the host's memory, as Docker reports it
    m.put("limit", hostMemory > 0 && cg.memLimit() > hostMemory ? hostMemory : cg.memLimit());
    return m;
  }
}
