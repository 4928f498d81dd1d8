package dev.berth.daemon.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostAndNetTest {
  @Test
  void systemCpuUsageSumsTheFirstSevenFieldsInNanoseconds() {
    String stat = "cpu  100 2 30 4000 5 6 7 8 0 0\ncpu0 50 1 15 2000 2 3 3 4 0 0\nintr 1 2 3\n";
    assertThat(HostStats.systemCpuUsage(stat)).isEqualTo((100 + 2 + 30 + 4000 + 5 + 6 + 7) * 10_000_000L);
  }

  @Test
  void onlineCpus() {
    assertThat(HostStats.onlineCpus("0-1\n")).isEqualTo(2);
    assertThat(HostStats.onlineCpus("0-3,6,8-9\n")).isEqualTo(7);
    assertThat(HostStats.onlineCpus("0\n")).isEqualTo(1);
  }

  @Test
  void memTotal() {
    assertThat(HostStats.memTotal("MemTotal:       24684092 kB\nMemFree: 1 kB\n")).isEqualTo(24684092L * 1024);
  }

  @Test
  void netDevLeavesOutTheLoopback() {
    String dev = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0
          eth0:    1312      16    1    2    0     0          0         0      586       7    3    4    0     0       0          0
        """;
    var m = NetDev.parse(dev);
    assertThat(m).containsOnlyKeys("eth0");
    assertThat(m.get("eth0")).isEqualTo(new NetDev.Counters(1312, 16, 1, 2, 586, 7, 3, 4));
  }
}
