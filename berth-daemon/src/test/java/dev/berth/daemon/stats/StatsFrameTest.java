package dev.berth.daemon.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.container.Container;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsFrameTest {
  private static final long HOST_MEMORY = 8L << 30;
  private final StatsService stats = new StatsService(CgroupLayout.parse(CgroupLayoutTest.HYBRID), HOST_MEMORY);

  private static Container container() {
    Container c = new Container();
    c.id = "a".repeat(64);
    c.name = "web";
    c.networkMode = "bridge";
    return c;
  }

  private static CgroupSample sample(long cpu, long memLimit) {
    return new CgroupSample(cpu, List.of(cpu), 0, cpu, 0, 0, 0, 1000, 2000L, 0L, memLimit,
        Map.of("total_inactive_file", 10L), List.of(new CgroupSample.Blkio(8, 0, "Read", 5)), List.of(), 2, 0);
  }

  @Test
  void aStoppedContainerGivesDockersZeroFrame() {
    Map<String, Object> f = stats.frame(container(), null, null);
    assertThat(f.get("read")).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(f.get("memory_stats")).isEqualTo(Map.of());
    assertThat(f.get("pids_stats")).isEqualTo(Map.of());
    assertThat(((Map<?, ?>) f.get("blkio_stats")).get("io_service_bytes_recursive")).isNull();
    assertThat(f).doesNotContainKey("networks").containsEntry("name", "/web").containsEntry("id", "a".repeat(64));
  }

  @Test
  void withoutALimitTheHostMemoryIsTheLimit() {
    var now = new StatsService.Sample(Instant.now(), sample(500, CgroupSample.UNLIMITED), 10_000, 2, Map.of());
    Map<?, ?> mem = (Map<?, ?>) stats.frame(container(), null, now).get("memory_stats");
    assertThat(mem.get("limit")).isEqualTo(HOST_MEMORY);
    var limited = new StatsService.Sample(Instant.now(), sample(500, 1 << 20), 10_000, 2, Map.of());
    mem = (Map<?, ?>) stats.frame(container(), null, limited).get("memory_stats");
    assertThat(mem.get("limit")).isEqualTo(1L << 20);
  }

  @Test
  void aFramePairsTheSampleWithThePreviousOne() {
    var pre = new StatsService.Sample(Instant.parse("2026-11-25T15:00:00Z"), sample(100, 1 << 20), 1000, 2,
        Map.of("eth0", new NetDev.Counters(1, 1, 0, 0, 2, 2, 0, 0)));
    var now = new StatsService.Sample(Instant.parse("2026-11-25T15:00:01Z"), sample(300, 1 << 20), 3000, 2,
        Map.of("eth0", new NetDev.Counters(5, 1, 0, 0, 6, 2, 0, 0)));
    Map<String, Object> f = stats.frame(container(), pre, now);
    assertThat(f.get("read")).isEqualTo("2026-11-25T15:00:01Z");
    assertThat(f.get("preread")).isEqualTo("2026-11-25T15:00:00Z");
    Map<?, ?> cpu = (Map<?, ?>) f.get("cpu_stats");
    Map<?, ?> precpu = (Map<?, ?>) f.get("precpu_stats");
    assertThat(((Map<?, ?>) cpu.get("cpu_usage")).get("total_usage")).isEqualTo(300L);
    assertThat(((Map<?, ?>) precpu.get("cpu_usage")).get("total_usage")).isEqualTo(100L);
    assertThat(cpu.get("system_cpu_usage")).isEqualTo(3000L);
    assertThat(cpu.get("online_cpus")).isEqualTo(2);
    assertThat(((Map<?, ?>) ((Map<?, ?>) f.get("networks")).get("eth0")).get("rx_bytes")).isEqualTo(5L);
    assertThat(((Map<?, ?>) f.get("pids_stats")).get("current")).isEqualTo(2L);
  }
}
