package dev.berth.daemon.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgroupLayoutTest {
  /** This machine kind: v1 controllers, a v2 hierarchy beside them holding none of them. */
  static final String HYBRID = """
      25 30 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
      26 25 0:23 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
      27 26 0:24 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
      28 26 0:25 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
      29 26 0:26 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
      31 26 0:28 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
      32 26 0:29 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
      33 26 0:30 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
      34 26 0:31 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
      """;
  static final String PROC_CGROUP_V1 = """
      9:name=systemd:/berth/abc
      8:pids:/berth/abc
      7:blkio:/berth/abc
      4:memory:/berth/abc
      2:cpuacct:/berth/abc
      1:cpu:/berth/abc
      0::/berth/abc
      """;
  /** Common on Debian and Ubuntu: cpu and cpuacct on one hierarchy. */
  static final String COMBINED = """
      27 26 0:24 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
      29 26 0:26 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
      """;
  static final String PURE_V2 = """
      26 25 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
      """;

  @Test
  void hybridIsReadAsV1() {
    CgroupLayout l = CgroupLayout.parse(HYBRID);
    assertThat(l.v2()).isFalse();
    Map<String, Path> dirs = l.v1Dirs(PROC_CGROUP_V1, "/berth/fallback");
    assertThat(dirs).containsEntry("memory", Path.of("/sys/fs/cgroup/memory/berth/abc"))
        .containsEntry("cpuacct", Path.of("/sys/fs/cgroup/cpuacct/berth/abc"))
        .containsEntry("pids", Path.of("/sys/fs/cgroup/pids/berth/abc"))
        .doesNotContainKey("name=systemd");
  }

  @Test
  void combinedControllersShareADirectory() {
    CgroupLayout l = CgroupLayout.parse(COMBINED);
    Map<String, Path> dirs = l.v1Dirs("4:cpu,cpuacct:/berth/x\n3:memory:/berth/x\n", "/berth/x");
    assertThat(dirs.get("cpu")).isEqualTo(Path.of("/sys/fs/cgroup/cpu,cpuacct/berth/x"));
    assertThat(dirs.get("cpuacct")).isEqualTo(dirs.get("cpu"));
  }

  @Test
  void pureV2() {
    CgroupLayout l = CgroupLayout.parse(PURE_V2);
    assertThat(l.v2()).isTrue();
    assertThat(l.unifiedDir("0::/berth/abc\n", "/berth/other")).isEqualTo(Path.of("/sys/fs/cgroup/berth/abc"));
    // no /proc/PID/cgroup (the process is gone): the spec's path
    assertThat(l.unifiedDir(null, "/berth/other")).isEqualTo(Path.of("/sys/fs/cgroup/berth/other"));
  }

  @Test
  void aMountOfANestedCgroupCutsItsRoot() {
    // inside a container without a cgroup namespace: the mount shows only its own subtree
    CgroupLayout l = CgroupLayout.parse("26 25 0:23 /kubepods/pod1 /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
    assertThat(l.unifiedDir("0::/kubepods/pod1/berth/abc\n", "/berth/abc"))
        .isEqualTo(Path.of("/sys/fs/cgroup/berth/abc"));
  }

  @Test
  void escapedMountPoints() {
    CgroupLayout l = CgroupLayout.parse("29 26 0:26 / /sys/fs/cg\\040x rw - cgroup cgroup rw,memory\n");
    assertThat(l.v1Dirs("4:memory:/a\n", "/a").get("memory")).isEqualTo(Path.of("/sys/fs/cg x/a"));
  }
}
