package dev.berth.cli.command.container;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth update}: changes the limits and restart policy of one or more containers
 * ({@code POST /containers/{id}/update}), live when they run, and prints each name, as docker does.
 */
public final class UpdateCommand implements Command {
  private static final List<String> FLAGS = List.of("blkio-weight", "cpu-period", "cpu-quota", "cpu-shares", "cpus",
      "cpuset-cpus", "cpuset-mems", "memory", "memory-reservation", "memory-swap", "pids-limit", "restart");

  @Override
  public Spec spec() {
    return new Spec("berth update [OPTIONS] CONTAINER [CONTAINER...]",
        "Update configuration of one or more containers",
        new Options().value("blkio-weight", "uint16", "Block IO (relative weight), between 10 and 1000, or 0 to disable")
            .value("cpu-period", "int", "Limit CPU CFS (Completely Fair Scheduler) period")
            .value("cpu-quota", "int", "Limit CPU CFS (Completely Fair Scheduler) quota")
            .value('c', "cpu-shares", "int", "CPU shares (relative weight)")
            .value("cpus", "decimal", "Number of CPUs")
            .value("cpuset-cpus", "string", "CPUs in which to allow execution (0-3, 0,1)")
            .value("cpuset-mems", "string", "MEMs in which to allow execution (0-3, 0,1)")
            .value('m', "memory", "bytes", "Memory limit")
            .value("memory-reservation", "bytes", "Memory soft limit")
            .value("memory-swap", "bytes", "Swap limit equal to memory plus swap: -1 to enable unlimited swap")
            .value("pids-limit", "int", "Tune container pids limit (set -1 for unlimited)")
            .value("restart", "string", "Restart policy to apply when a container exits"), 1, Spec.ANY);
  }

  @Override
  public int run(Context ctx, ParsedArgs a) throws Exception {
    if (FLAGS.stream().noneMatch(a::has)) {
      throw new IllegalArgumentException("you must provide one or more flags when using this command");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("BlkioWeight", a.longValue("blkio-weight", 0));
    body.put("CpuPeriod", a.longValue("cpu-period", 0));
    body.put("CpuQuota", a.longValue("cpu-quota", 0));
    body.put("CpuShares", a.longValue("cpu-shares", 0));
    body.put("NanoCpus", a.has("cpus") ? CreateRequest.nanoCpus(a.value("cpus")) : 0L);
    body.put("CpusetCpus", a.value("cpuset-cpus", ""));
    body.put("CpusetMems", a.value("cpuset-mems", ""));
    body.put("Memory", LimitFlags.bytes(a, "memory", "-m, --memory"));
    body.put("MemoryReservation", LimitFlags.bytes(a, "memory-reservation", "--memory-reservation"));
    body.put("MemorySwap", LimitFlags.swap(a));
    if (a.has("pids-limit")) {
      body.put("PidsLimit", a.longValue("pids-limit", 0));
    }
    if (a.has("restart")) {
      body.put("RestartPolicy", CreateRequest.restartPolicy(a.value("restart")));
    } else {
      body.put("RestartPolicy", Map.of("Name", "", "MaximumRetryCount", 0));
    }
    StringBuilder errors = new StringBuilder();
    for (String c : a.positional()) {
      try {
        ctx.client().postJson(Containers.path(c) + "/update", body);
        ctx.out().println(c);
      } catch (DaemonException e) {
        errors.append(errors.isEmpty() ? "" : "\n").append("Error response from daemon: ").append(e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      ctx.out().flush();
      throw new CliError(errors.toString(), 1);
    }
    return 0;
  }
}
