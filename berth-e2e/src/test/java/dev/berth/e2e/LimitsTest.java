package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Resource limits and {@code update}, checked where they take effect: in the container's cgroup
 * files on the host (cgroup v1 or v2, whichever this host has), in inspect, and in what the
 * container's processes run into.
 */
class LimitsTest extends SharedDaemonTest {
  private static final long MB = 1024 * 1024;

  /**
   * A cgroup file of a running container, read on the host: the v1 controller's file when the
   * container's /proc/PID/cgroup names that controller, else the v2 file of its unified group.
   */
  static String cgroup(String container, String controller, String v1File, String v2File) throws IOException {
    String pid = ok(daemon.docker("inspect", "-f", "{{.State.Pid}}", container));
    List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"));
    for (String line : lines) {
      String[] f = line.split(":", 3);
      if (List.of(f[1].split(",")).contains(controller)) {
        Path dir = Path.of("/sys/fs/cgroup", f[1]);
        if (!Files.isDirectory(dir)) {
          dir = Path.of("/sys/fs/cgroup", controller);
        }
        return Files.readString(dir.resolve(f[2].substring(1)).resolve(v1File)).strip();
      }
    }
    for (String line : lines) {
      if (line.startsWith("0::") && Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
        return Files.readString(Path.of("/sys/fs/cgroup", line.substring(4), v2File)).strip();
      }
    }
    throw new AssertionError("no " + controller + " cgroup in " + lines);
  }

  static String memoryLimit(String c) throws IOException {
    return cgroup(c, "memory", "memory.limit_in_bytes", "memory.max");
  }

  static String pidsLimit(String c) throws IOException {
    return cgroup(c, "pids", "pids.max", "pids.max");
  }

  /** The CFS quota in microseconds per 100 ms period. */
  static String cpuQuota(String c) throws IOException {
    String v = cgroup(c, "cpu", "cpu.cfs_quota_us", "cpu.max");
    return v.split(" ")[0];
  }

  @Test
  void memoryLimitIsInTheCgroupAndInInspect() throws Exception {
    ok(daemon.docker("run", "-d", "--name", "mem", "--memory", "64m", "busybox", "sleep", "300"));
    try {
      assertThat(memoryLimit("mem")).isEqualTo(String.valueOf(64 * MB));
      // Docker's default swap: as much again as the memory
      assertThat(ok(daemon.docker("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}", "mem")))
          .isEqualTo(64 * MB + " " + 128 * MB);
    } finally {
      daemon.docker("rm", "-f", "mem");
    }
    // the berth CLI parses docker's size units, fractions included
    ok(daemon.berth("create", "--name", "memb", "--memory", "1.5g", "--memory-reservation", "512m", "--shm-size",
        "8m", "busybox", "true"));
    assertThat(ok(daemon.berth("inspect", "-f",
        "{{.HostConfig.Memory}} {{.HostConfig.MemoryReservation}} {{.HostConfig.ShmSize}}", "memb")))
        .isEqualTo(1536 * MB + " " + 512 * MB + " " + 8 * MB);
    ok(daemon.berth("rm", "memb"));
  }

  @Test
  void pidsLimitStopsForks() throws Exception {
    // runc's own set-up briefly needs a few processes in the cgroup: leave it room, then fork past the limit
    Command.Result r = daemon.berth("run", "--rm", "--pids-limit", "8", "busybox", "sh", "-c",
        "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 1 & done; wait");
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.stderr()).contains("can't fork");
    ok(daemon.docker("run", "-d", "--name", "pids", "--pids-limit", "7", "busybox", "sleep", "300"));
    try {
      assertThat(pidsLimit("pids")).isEqualTo("7");
      assertThat(ok(daemon.docker("inspect", "-f", "{{.HostConfig.PidsLimit}}", "pids"))).isEqualTo("7");
    } finally {
      daemon.docker("rm", "-f", "pids");
    }
  }

  @Test
  void cpuShmAndUlimitSettingsReachTheContainer() throws Exception {
    ok(daemon.docker("run", "-d", "--name", "cpu", "--cpus", "0.5", "busybox", "sleep", "300"));
    try {
      assertThat(cpuQuota("cpu")).isEqualTo("50000");
      assertThat(ok(daemon.docker("inspect", "-f", "{{.HostConfig.NanoCpus}}", "cpu"))).isEqualTo("500000000");
    } finally {
      daemon.docker("rm", "-f", "cpu");
    }
    String out = ok(daemon.berth("run", "--rm", "--shm-size", "8m", "--ulimit", "nofile=1024:2048", "--cpu-shares",
        "512", "--cpuset-cpus", "0", "busybox", "sh", "-c",
        "df -k /dev/shm | tail -1; ulimit -n; ulimit -Hn; grep Cpus_allowed_list /proc/self/status"));
    assertThat(out).contains(" 8192 ").contains("\n1024\n2048\n").contains("Cpus_allowed_list:\t0");
    // Docker's /dev/shm is 64 MB unless told otherwise
    assertThat(ok(daemon.docker("run", "--rm", "busybox", "sh", "-c", "df -k /dev/shm | tail -1"))).contains(" 65536 ");
  }

  @Test
  void updateChangesLimitsLiveAndKeepsThem() throws Exception {
    ok(daemon.docker("run", "-d", "--name", "upd", "--memory", "64m", "--memory-swap", "256m", "busybox", "sleep",
        "300"));
    try {
      assertThat(ok(daemon.docker("update", "--memory", "128m", "--pids-limit", "50", "upd"))).isEqualTo("upd");
      assertThat(memoryLimit("upd")).isEqualTo(String.valueOf(128 * MB));
      assertThat(pidsLimit("upd")).isEqualTo("50");
      assertThat(ok(daemon.berth("update", "--cpus", "0.25", "--restart", "on-failure:2", "upd"))).isEqualTo("upd");
      assertThat(cpuQuota("upd")).isEqualTo("25000");
      assertThat(ok(daemon.docker("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}} "
          + "{{.HostConfig.NanoCpus}} {{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}",
          "upd"))).isEqualTo(128 * MB + " 50 250000000 on-failure:2");
      // a restart builds the container from the stored, updated values
      ok(daemon.docker("restart", "-t", "0", "upd"));
      assertThat(memoryLimit("upd")).isEqualTo(String.valueOf(128 * MB));
      assertThat(cpuQuota("upd")).isEqualTo("25000");
      // Docker's rule: a memory limit may not pass the swap limit already set
      Command.Result r = daemon.berth("update", "--memory", "512m", "upd");
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stderr()).isEqualTo("Error response from daemon: Memory limit should be smaller than already set"
          + " memoryswap limit, update the memoryswap at the same time\n");
    } finally {
      daemon.docker("rm", "-f", "upd");
    }
  }

  @Test
  void updateThroughTheApiAnswersWithWarnings() throws Exception {
    ok(daemon.docker("create", "--name", "apiupd", "busybox", "true"));
    String answer = daemon.request("POST", "/v1.51/containers/apiupd/update", "application/json",
        "{\"Memory\":33554432,\"RestartPolicy\":{\"Name\":\"always\"}}".getBytes(StandardCharsets.UTF_8));
    assertThat(answer).startsWith("HTTP/1.1 200").contains("{\"Warnings\":[]}");
    assertThat(ok(daemon.docker("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.RestartPolicy.Name}}",
        "apiupd"))).isEqualTo(32 * MB + " always");
    String bad = daemon.request("POST", "/v1.51/containers/apiupd/update", "application/json",
        "{\"Memory\":1024}".getBytes(StandardCharsets.UTF_8));
    assertThat(bad).startsWith("HTTP/1.1 400").contains("Minimum memory limit allowed is 6MB");
    ok(daemon.docker("rm", "apiupd"));
  }

  @Test
  void badLimitsGiveOneLineErrors() throws Exception {
    Command.Result docker = daemon.docker("run", "--rm", "--memory", "12x", "busybox", "true");
    assertThat(docker.exitCode()).isEqualTo(125);
    assertThat(docker.stderr()).startsWith("invalid argument \"12x\" for \"-m, --memory\" flag: invalid suffix: 'x'\n");
    Command.Result berth = daemon.berth("run", "--rm", "--memory", "12x", "busybox", "true");
    assertThat(berth.exitCode()).isEqualTo(125);
    assertThat(berth.stderr()).startsWith("invalid argument \"12x\" for \"-m, --memory\" flag: invalid suffix: 'x'\n");
    berth = daemon.berth("run", "--rm", "--memory", "-5m", "busybox", "true");
    assertThat(berth.stderr()).startsWith("invalid argument \"-5m\" for \"-m, --memory\" flag: invalid size: '-5m'\n");
    for (boolean useDocker : new boolean[] {false, true}) {
      String[] args = {"run", "--rm", "--memory", "1m", "busybox", "true"};
      Command.Result r = useDocker ? daemon.docker(args) : daemon.berth(args);
      assertThat(r.exitCode()).isEqualTo(125);
      assertThat(r.stderr().lines().findFirst().orElse("")).endsWith(
          ": Error response from daemon: Minimum memory limit allowed is 6MB");
    }
    Command.Result cpus = daemon.docker("run", "--rm", "--cpus", "512", "busybox", "true");
    assertThat(cpus.stderr()).contains("Range of CPUs is from 0.01 to");
    Command.Result ulimit = daemon.berth("run", "--rm", "--ulimit", "nofile=10:5", "busybox", "true");
    assertThat(ulimit.stderr()).startsWith("invalid argument \"nofile=10:5\" for \"--ulimit\" flag: ulimit soft limit"
        + " must be less than or equal to hard limit: 10 > 5\n");
    assertThat(daemon.berth("ps", "-a", "-q").stdout()).isEmpty();
  }

  @Test
  void ulimitAboveTheDaemonsOwnHardLimit() throws Exception {
    long hard = -1;
    for (String l : Files.readAllLines(Path.of("/proc/" + daemon.pid() + "/limits"))) {
      if (l.startsWith("Max open files")) {
        hard = Long.parseLong(l.substring("Max open files".length()).strip().split("\\s+")[1]);
      }
    }
    boolean canRaise = false;
    for (String l : Files.readAllLines(Path.of("/proc/" + daemon.pid() + "/status"))) {
      if (l.startsWith("CapEff:")) {
        canRaise = (Long.parseUnsignedLong(l.substring(7).strip(), 16) & (1L << 24)) != 0;
      }
    }
    String want = "nofile=1024:" + (hard + 1000);
    Command.Result r = daemon.docker("run", "--rm", "--ulimit", want, "busybox", "sh", "-c", "ulimit -Hn");
    if (canRaise) {
      assertThat(ok(r)).isEqualTo(String.valueOf(hard + 1000));
    } else {
      // without CAP_SYS_RESOURCE the limit cannot be raised: a clear refusal, not runc's bare EPERM
      assertThat(r.exitCode()).isEqualTo(125);
      assertThat(r.stderr()).contains("ulimit nofile: hard limit " + (hard + 1000) + " is above berthd's own ("
          + hard + ") and berthd lacks CAP_SYS_RESOURCE");
    }
  }
}
