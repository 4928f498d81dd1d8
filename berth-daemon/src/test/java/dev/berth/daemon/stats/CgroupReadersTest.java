package dev.berth.daemon.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both cgroup layouts read from fixture files shaped as the kernel writes them. */
class CgroupReadersTest {
  private static Path fixture(String name) throws Exception {
    return Path.of(CgroupReadersTest.class.getResource("/cgroup/" + name).toURI());
  }

  @Test
  void v1ReadsEachController() throws Exception {
    Path root = fixture("v1");
    CgroupSample s = CgroupV1Reader.read(Map.of("cpu", root.resolve("cpu"), "cpuacct", root.resolve("cpuacct"),
        "memory", root.resolve("memory"), "blkio", root.resolve("blkio"), "pids", root.resolve("pids")));
    assertThat(s.cpuTotal()).isEqualTo(3839750169L);
    assertThat(s.percpu()).containsExactly(1192134239L, 2647615930L);
    assertThat(s.cpuUser()).isEqualTo(3_830_000_000L);
    assertThat(s.cpuKernel()).isEqualTo(120_000_000L);
    assertThat(s.periods()).isEqualTo(10);
    assertThat(s.throttledPeriods()).isEqualTo(2);
    assertThat(s.throttledTime()).isEqualTo(5000);
    assertThat(s.memUsage()).isEqualTo(31457280L);
    assertThat(s.memMaxUsage()).isEqualTo(52424704L);
    assertThat(s.memFailcnt()).isZero();
    assertThat(s.memLimit()).isEqualTo(9223372036854771712L);
    assertThat(s.memStats()).containsEntry("total_inactive_file", 1048576L).containsEntry("rss", 30000000L);
    // the Total lines are not rows
    assertThat(s.ioServiceBytes()).extracting(CgroupSample.Blkio::op)
        .containsExactly("Read", "Write", "Sync", "Async", "Discard", "Total");
    assertThat(s.ioServiceBytes().get(0)).isEqualTo(new CgroupSample.Blkio(8, 0, "Read", 4096));
    assertThat(s.ioServiced()).hasSize(3);
    assertThat(s.pidsCurrent()).isEqualTo(4);
    assertThat(s.pidsLimit()).isZero();
  }

  @Test
  void v1MissingControllersReadAsZero() throws Exception {
    CgroupSample s = CgroupV1Reader.read(Map.of("memory", fixture("v1").resolve("memory")));
    assertThat(s.cpuTotal()).isZero();
    assertThat(s.percpu()).isNull();
    assertThat(s.pidsCurrent()).isZero();
    assertThat(s.ioServiceBytes()).isEmpty();
    assertThat(s.memUsage()).isEqualTo(31457280L);
  }

  @Test
  void v2ReadsTheUnifiedDirectory() throws Exception {
    CgroupSample s = CgroupV2Reader.read(fixture("v2"));
    assertThat(s.cpuTotal()).isEqualTo(2_500_000_000L);
    assertThat(s.cpuUser()).isEqualTo(2_000_000_000L);
    assertThat(s.cpuKernel()).isEqualTo(500_000_000L);
    assertThat(s.percpu()).isNull();
    assertThat(s.periods()).isEqualTo(7);
    assertThat(s.throttledTime()).isEqualTo(300_000L);
    assertThat(s.memUsage()).isEqualTo(20971520L);
    assertThat(s.memLimit()).isEqualTo(104857600L);
    assertThat(s.memMaxUsage()).isNull();
    assertThat(s.memStats()).containsEntry("inactive_file", 1048576L).containsEntry("anon", 18874368L);
    assertThat(s.ioServiceBytes()).containsExactly(new CgroupSample.Blkio(8, 0, "read", 1048576),
        new CgroupSample.Blkio(8, 0, "write", 2097152), new CgroupSample.Blkio(259, 1, "read", 4096),
        new CgroupSample.Blkio(259, 1, "write", 0));
    assertThat(s.ioServiced()).extracting(CgroupSample.Blkio::value).containsExactly(10L, 20L, 1L, 0L);
    assertThat(s.pidsCurrent()).isEqualTo(3);
    assertThat(s.pidsLimit()).isEqualTo(100);
  }

  @Test
  void v2WithoutLimitsIsUnlimited(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("memory.max"), "max\n");
    java.nio.file.Files.writeString(dir.resolve("pids.max"), "max\n");
    CgroupSample s = CgroupV2Reader.read(dir);
    assertThat(s.memLimit()).isEqualTo(CgroupSample.UNLIMITED);
    assertThat(s.pidsLimit()).isZero();
    assertThat(s.ioServiceBytes()).isEmpty();
  }

  @Test
  void v1BlkioSkipsMalformedLines() {
    assertThat(CgroupV1Reader.blkio("garbage\n8:x Read 1\n253:0 Write 10\nTotal 10\n"))
        .containsExactly(new CgroupSample.Blkio(253, 0, "Write", 10));
  }
}
