package dev.berth.cli.command.container;

import dev.berth.cli.format.Human;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.format.TemplateObject;
import dev.berth.cli.format.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One container's line of {@code berth stats}, computed from a stats frame as the docker CLI does:
 * CPU % from the difference to {@code precpu_stats} scaled by the online CPUs, memory without the
 * inactive page cache, network and block I/O summed over interfaces and devices. A container whose
 * stats could not be read shows {@code --}.
 */
final class StatsRow implements TemplateObject {
  static final String DEFAULT_TABLE =
      "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
  static final Map<String, String> HEADERS = Map.of("Container", "CONTAINER", "ID", "CONTAINER ID", "Name", "NAME",
      "CPUPerc", "CPU %", "MemUsage", "MEM USAGE / LIMIT", "MemPerc", "MEM %", "NetIO", "NET I/O", "BlockIO",
      "BLOCK I/O", "PIDs", "PIDS");

  private final String container;
  private final String id;
  private final String name;
  private final boolean trunc;
  private final boolean invalid;
  final double cpuPercent;
  final double memory;
  final double memoryLimit;
  final double memoryPercent;
  final long netRx;
  final long netTx;
  final long blockRead;
  final long blockWrite;
  final long pids;

  private StatsRow(String container, String id, String name, boolean trunc, boolean invalid, double cpuPercent,
      double memory, double memoryLimit, long netRx, long netTx, long blockRead, long blockWrite, long pids) {
    this.container = container;
    this.id = id;
    this.name = name;
    this.trunc = trunc;
    this.invalid = invalid;
    this.cpuPercent = cpuPercent;
    this.memory = memory;
    this.memoryLimit = memoryLimit;
    this.memoryPercent = memoryLimit > 0 ? memory / memoryLimit * 100 : 0;
    this.netRx = netRx;
    this.netTx = netTx;
    this.blockRead = blockRead;
    this.blockWrite = blockWrite;
    this.pids = pids;
  }

  /** A row whose stats are not (yet) known: dashes, as docker shows them. */
  static StatsRow invalid(String container, String id, String name, boolean trunc) {
    return new StatsRow(container, id, name, trunc, true, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** A row from one frame of {@code GET /containers/{id}/stats}. */
  static StatsRow of(String container, Map<?, ?> frame, boolean trunc) {
    String id = str(frame.get("id"));
    String name = str(frame.get("name"));
    Map<?, ?> cpu = map(frame.get("cpu_stats"));
    Map<?, ?> pre = map(frame.get("precpu_stats"));
    double cpuDelta = num(map(cpu.get("cpu_usage")).get("total_usage")) - num(map(pre.get("cpu_usage")).get("total_usage"));
    double systemDelta = num(cpu.get("system_cpu_usage")) - num(pre.get("system_cpu_usage"));
    double cpus = num(cpu.get("online_cpus"));
    if (cpus == 0 && map(cpu.get("cpu_usage")).get("percpu_usage") instanceof List<?> l) {
      cpus = l.size();
    }
    double cpuPercent = systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * cpus * 100 : 0;

    Map<?, ?> mem = map(frame.get("memory_stats"));
    Map<?, ?> memStats = map(mem.get("stats"));
    double usage = num(mem.get("usage"));
    // cgroup v1 counts the page cache in usage; docker subtracts its inactive part (v2: inactive_file)
    double memory = usage;
    if (memStats.containsKey("total_inactive_file") && num(memStats.get("total_inactive_file")) < usage) {
      memory = usage - num(memStats.get("total_inactive_file"));
    } else if (num(memStats.get("inactive_file")) < usage) {
      memory = usage - num(memStats.get("inactive_file"));
    }

    long rx = 0;
    long tx = 0;
    for (Object v : map(frame.get("networks")).values()) {
      rx += (long) num(map(v).get("rx_bytes"));
      tx += (long) num(map(v).get("tx_bytes"));
    }
    long read = 0;
    long write = 0;
    if (map(frame.get("blkio_stats")).get("io_service_bytes_recursive") instanceof List<?> entries) {
      for (Object o : entries) {
        String op = str(map(o).get("op"));
        if (op.startsWith("r") || op.startsWith("R")) {
          read += (long) num(map(o).get("value"));
        } else if (op.startsWith("w") || op.startsWith("W")) {
          write += (long) num(map(o).get("value"));
        }
      }
    }
    long pids = (long) num(map(frame.get("pids_stats")).get("current"));
    return new StatsRow(container, id, name, trunc, false, cpuPercent, memory, num(mem.get("limit")), rx, tx, read,
        write, pids);
  }

  String id() {
    return id;
  }

  @Override
  public Object field(String f, List<Object> args) {
    return switch (f) {
      case "Container" -> container;
      case "ID" -> trunc ? Text.shortId(id) : id;
      case "Name" -> name.length() > 1 ? name.substring(1) : "--";
      case "CPUPerc" -> invalid ? "--" : percent(cpuPercent);
      case "MemUsage" -> invalid ? "-- / --" : Human.bytesSize(memory) + " / " + Human.bytesSize(memoryLimit);
      case "MemPerc" -> invalid ? "--" : percent(memoryPercent);
      case "NetIO" -> invalid ? "--" : Human.size(netRx, 3) + " / " + Human.size(netTx, 3);
      case "BlockIO" -> invalid ? "--" : Human.size(blockRead, 3) + " / " + Human.size(blockWrite, 3);
      case "PIDs" -> invalid ? "--" : Long.toString(pids);
      default -> throw new TemplateException("template: :1: can't evaluate field " + f + " in type formatter.statsContext");
    };
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String f : List.of("BlockIO", "CPUPerc", "Container", "ID", "MemPerc", "MemUsage", "Name", "NetIO", "PIDs")) {
      m.put(f, field(f, List.of()));
    }
    return m;
  }

  private static String percent(double v) {
    return String.format(java.util.Locale.ROOT, "%.2f%%", v);
  }

  private static Map<?, ?> map(Object o) {
    return o instanceof Map<?, ?> m ? m : Map.of();
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  private static double num(Object o) {
    return o instanceof Number n ? n.doubleValue() : 0;
  }
}
