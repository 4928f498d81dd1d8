package dev.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.format.ListFormat;
import dev.berth.cli.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsRowTest {
  static final String ID = "46b904576df348be71fe85e919800a4f43a6d39db97d64e1ba10860b0d4a18e9";

  static Map<?, ?> frame(String memoryStats) {
    return (Map<?, ?>) Json.parse("""
        {"read":"2026-11-25T15:11:14.65Z","pids_stats":{"current":4},
         "blkio_stats":{"io_service_bytes_recursive":[{"major":8,"minor":0,"op":"Read","value":2048000},
           {"major":8,"minor":0,"op":"Write","value":1000},{"major":8,"minor":0,"op":"Total","value":2049000}]},
         "cpu_stats":{"cpu_usage":{"total_usage":1500000000,"percpu_usage":[1,2]},"system_cpu_usage":4000000000,"online_cpus":2},
         "precpu_stats":{"cpu_usage":{"total_usage":1000000000},"system_cpu_usage":2000000000,"online_cpus":2},
         "memory_stats":%s,
         "name":"/web","id":"%s",
         "networks":{"eth0":{"rx_bytes":1312,"tx_bytes":586},"eth1":{"rx_bytes":1000,"tx_bytes":0}}}
        """.formatted(memoryStats, ID));
  }

  @Test
  void computesAsTheDockerCli() {
    StatsRow r = StatsRow.of("web", frame("""
        {"usage":31457280,"stats":{"total_inactive_file":1048576},"limit":25276510208}"""), true);
    // (0.5 s of CPU over 2 s of host time) * 2 CPUs
    assertThat(r.field("CPUPerc", List.of())).isEqualTo("50.00%");
    assertThat(r.field("MemUsage", List.of())).isEqualTo("29MiB / 23.54GiB");
    assertThat(r.field("MemPerc", List.of())).isEqualTo("0.12%");
    assertThat(r.field("NetIO", List.of())).isEqualTo("2.31kB / 586B");
    assertThat(r.field("BlockIO", List.of())).isEqualTo("2.05MB / 1kB");
    assertThat(r.field("PIDs", List.of())).isEqualTo("4");
    assertThat(r.field("ID", List.of())).isEqualTo("46b904576df3");
    assertThat(r.field("Name", List.of())).isEqualTo("web");
    assertThat(r.field("Container", List.of())).isEqualTo("web");
  }

  @Test
  void cgroupV2SubtractsInactiveFile() {
    StatsRow r = StatsRow.of("web", frame("""
        {"usage":20971520,"stats":{"inactive_file":10485760},"limit":104857600}"""), false);
    assertThat(r.field("MemUsage", List.of())).isEqualTo("10MiB / 100MiB");
    assertThat(r.field("MemPerc", List.of())).isEqualTo("10.00%");
    assertThat(r.field("ID", List.of())).isEqualTo(ID);
  }

  @Test
  void aStoppedContainerShowsZeros() {
    StatsRow r = StatsRow.of("st", (Map<?, ?>) Json.parse("""
        {"read":"0001-01-01T00:00:00Z","pids_stats":{},"blkio_stats":{"io_service_bytes_recursive":null},
         "cpu_stats":{"cpu_usage":{"total_usage":0}},"precpu_stats":{"cpu_usage":{"total_usage":0}},
         "memory_stats":{},"name":"/st","id":"%s"}""".formatted(ID)), true);
    String table = ListFormat.render(null, StatsRow.DEFAULT_TABLE, StatsRow.HEADERS, List.of(r));
    assertThat(table).isEqualTo("""
        CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS
        46b904576df3   st        0.00%     0B / 0B             0.00%     0B / 0B   0B / 0B     0
        """);
  }

  @Test
  void unknownStatsAreDashes() {
    StatsRow r = StatsRow.invalid("web", ID, "", true);
    assertThat(r.field("CPUPerc", List.of())).isEqualTo("--");
    assertThat(r.field("MemUsage", List.of())).isEqualTo("-- / --");
    assertThat(r.field("Name", List.of())).isEqualTo("--");
  }

  @Test
  void jsonFormatHasDockersKeys() {
    StatsRow r = StatsRow.of("web", frame("{\"usage\":0,\"limit\":1}"), true);
    String json = ListFormat.render("json", StatsRow.DEFAULT_TABLE, StatsRow.HEADERS, List.of(r));
    assertThat(json).startsWith("{\"BlockIO\":\"2.05MB / 1kB\",\"CPUPerc\":\"50.00%\",\"Container\":\"web\"");
  }
}
