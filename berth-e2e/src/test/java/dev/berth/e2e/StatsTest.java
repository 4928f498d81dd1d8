package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * stats: what {@code docker stats} and {@code berth stats} show for containers that use CPU and
 * memory, for idle and stopped ones, streamed and not, and the API frames behind them.
 */
class StatsTest extends SharedDaemonTest {

  @BeforeAll
  static void containers() {
    // holds ~30 MB in a shell variable and burns CPU
    ok(daemon.berth("run", "-d", "--name", "hog", "busybox", "sh", "-c",
        "x=$(head -c 30000000 /dev/zero | tr '\\0' a); while :; do :; done"));
    // two processes, one of them a child
    ok(daemon.berth("run", "-d", "--name", "idle", "busybox", "sh", "-c", "sleep 300 & wait"));
    ok(daemon.berth("create", "--name", "never", "busybox", "true"));
  }

  @AfterAll
  static void removeContainers() {
    if (daemon != null) {
      daemon.berth("rm", "-f", "hog", "idle", "never");
    }
  }

  /** Polls docker stats until the hog holds its memory (it allocates right after start). */
  private static String[] hogStats() throws InterruptedException {
    String[] f = null;
    for (int i = 0; i < 30; i++) {
      f = ok(daemon.docker("stats", "--no-stream", "--format", "{{.CPUPerc}}|{{.MemUsage}}|{{.PIDs}}|{{.NetIO}}",
          "hog")).split("\\|");
      if (f[1].contains("MiB") && Double.parseDouble(f[1].substring(0, f[1].indexOf("MiB"))) >= 25) {
        return f;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("hog never showed its memory: " + String.join("|", f));
  }

  @Test
  void dockerStatsShowsCpuMemoryAndPidsOfABusyContainer() throws Exception {
    String[] f = hogStats();
    double cpu = Double.parseDouble(f[0].replace("%", ""));
    assertThat(cpu).as("CPU %% of a busy loop").isGreaterThan(1.0);
    // no limit: the limit shown is the host's memory
    assertThat(f[1]).matches("[0-9.]+MiB / [0-9.]+GiB");
    assertThat(Integer.parseInt(f[2])).isGreaterThanOrEqualTo(1);
    // it has an interface on the default bridge
    assertThat(f[3]).matches("[0-9.]+k?B / [0-9.]+k?B");
  }

  @Test
  void noStreamPrintsDockersTableForRunningContainersOnly() {
    String table = ok(daemon.docker("stats", "--no-stream"));
    List<String> lines = table.lines().toList();
    assertThat(lines.get(0)).startsWith("CONTAINER ID").contains("NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %",
        "NET I/O", "BLOCK I/O", "PIDS");
    assertThat(table).contains(" hog ").contains(" idle ").doesNotContain(" never ");
    String idle = lines.stream().filter(l -> l.contains(" idle ")).findFirst().orElseThrow();
    assertThat(idle.strip()).endsWith(" 2");

    String berth = ok(daemon.berth("stats", "--no-stream"));
    assertThat(berth.lines().findFirst().orElseThrow()).isEqualTo(lines.get(0));
    assertThat(berth).contains(" hog ").contains(" idle ").doesNotContain(" never ");
  }

  @Test
  void berthStatsFormatsNamedAndStoppedContainers() {
    assertThat(ok(daemon.berth("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}}", "idle")))
        .isEqualTo("idle 2");
    // a container that does not run: zeros, as Docker shows them
    String never = ok(daemon.berth("stats", "--no-stream", "--format",
        "{{.Name}}|{{.CPUPerc}}|{{.MemUsage}}|{{.NetIO}}|{{.BlockIO}}|{{.PIDs}}", "never"));
    assertThat(never).isEqualTo("never|0.00%|0B / 0B|0B / 0B|0B / 0B|0");
    assertThat(ok(daemon.docker("stats", "--no-stream", "--format", "{{.Name}}|{{.MemUsage}}|{{.PIDs}}", "never")))
        .isEqualTo("never|0B / 0B|0");
    String all = ok(daemon.berth("stats", "--no-stream", "-a", "--no-trunc", "--format", "{{.ID}} {{.Name}}"));
    assertThat(all).containsPattern("[0-9a-f]{64} never");
    String json = ok(daemon.berth("stats", "--no-stream", "--format", "json", "idle"));
    assertThat(json).startsWith("{\"BlockIO\":").contains("\"Name\":\"idle\"", "\"PIDs\":\"2\"");
  }

  @Test
  void aMissingContainerIsAnError() {
    Command.Result r = daemon.berth("stats", "--no-stream", "nosuch");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("No such container: nosuch");
    Command.Result d = daemon.docker("stats", "--no-stream", "nosuch");
    assertThat(d.exitCode()).isNotZero();
    assertThat(d.stderr()).contains("No such container: nosuch");
  }

  @Test
  void theApiGivesDockersFrames() throws Exception {
    String one = daemon.request("GET", "/containers/idle/stats?stream=false");
    assertThat(one).startsWith("HTTP/1.1 200").contains("\"name\":\"/idle\"", "\"pids_stats\":{\"current\":2",
        "\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":", "\"system_cpu_usage\":", "\"online_cpus\":",
        "\"memory_stats\":{\"usage\":", "\"networks\":{\"eth0\":{\"rx_bytes\":", "\"blkio_stats\":{");
    assertThat(one).doesNotContain("\"preread\":\"0001-01-01T00:00:00Z\"");
    String shot = daemon.request("GET", "/containers/idle/stats?stream=false&one-shot=true");
    assertThat(shot).startsWith("HTTP/1.1 200").contains("\"preread\":\"0001-01-01T00:00:00Z\"");
    assertThat(daemon.request("GET", "/containers/idle/stats?stream=true&one-shot=true"))
        .startsWith("HTTP/1.1 400").contains("cannot have stream=true and one-shot=true");
    assertThat(daemon.request("GET", "/containers/nosuch/stats?stream=false")).startsWith("HTTP/1.1 404");
    String stopped = daemon.request("GET", "/containers/never/stats?stream=false");
    assertThat(stopped).contains("\"read\":\"0001-01-01T00:00:00Z\"", "\"memory_stats\":{}", "\"pids_stats\":{}");
  }

  @Test
  void streamingRedrawsTheTableInPlace() throws Exception {
    for (Path client : List.of(Path.of("docker"), BerthDaemon.BERTH)) {
      try (StreamingCommand s = StreamingCommand.start(daemon.env(), client, "stats", "idle")) {
        // two redraws, each from the top-left corner, and real figures once the first frame arrived
        String out = s.await(o -> o.split("\033\\[H", -1).length > 3 && o.matches("(?s).*idle +[0-9.]+%.*"));
        assertThat(out).contains("CONTAINER ID").contains("MEM USAGE / LIMIT");
        assertThat(s.alive()).isTrue();
      }
    }
  }
}
