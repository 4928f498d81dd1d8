package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security options as the container's processes feel them: capabilities (CapEff in
 * /proc/self/status and what they allow), privileged mode, a read-only root, no-new-privileges,
 * seccomp, devices, sysctls and extra groups, through both CLIs.
 */
class SecurityTest extends SharedDaemonTest {
  @TempDir
  Path tmp;

  private static String status(String field, Command.Result r) {
    return ok(r).lines().filter(l -> l.startsWith(field + ":")).findFirst().orElse("").substring(field.length() + 1)
        .strip();
  }

  private static String daemonStatus(String field) throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/" + daemon.pid() + "/status"))) {
      if (l.startsWith(field + ":")) {
        return l.substring(field.length() + 1).strip();
      }
    }
    throw new AssertionError(field);
  }

  @Test
  void capDropNetRawStopsPing() {
    assertThat(ok(daemon.berth("run", "--rm", "busybox", "ping", "-c", "1", "127.0.0.1"))).contains("1 packets received");
    for (boolean useDocker : new boolean[] {false, true}) {
      String[] args = {"run", "--rm", "--cap-drop", "NET_RAW", "busybox", "ping", "-c", "1", "127.0.0.1"};
      Command.Result r = useDocker ? daemon.docker(args) : daemon.berth(args);
      assertThat(r.exitCode()).as(r.toString()).isNotZero();
      assertThat(r.stderr()).contains("permission denied");
    }
    // Docker's default set 0xa80425fb without NET_RAW (bit 13)
    assertThat(status("CapEff", daemon.docker("run", "--rm", "--cap-drop", "net_raw", "busybox", "cat",
        "/proc/self/status"))).isEqualTo("00000000a80405fb");
    assertThat(status("CapEff", daemon.berth("run", "--rm", "--cap-drop", "ALL", "--cap-add", "CAP_CHOWN", "busybox",
        "cat", "/proc/self/status"))).isEqualTo("0000000000000001");
    Command.Result bad = daemon.docker("run", "--rm", "--cap-add", "NOPE", "busybox", "true");
    assertThat(bad.stderr()).contains("unknown capability: \"CAP_NOPE\"");
  }

  @Test
  void privilegedGetsEverythingTheDaemonCanGrant() throws Exception {
    String bounding = daemonStatus("CapBnd");
    for (boolean useDocker : new boolean[] {false, true}) {
      String[] args = {"run", "--rm", "--privileged", "busybox", "sh", "-c",
          "cat /proc/self/status; mount | grep ' /sys '; ls /dev | wc -l"};
      Command.Result r = useDocker ? daemon.docker(args) : daemon.berth(args);
      assertThat(status("CapEff", r)).isEqualTo(bounding);
      assertThat(status("Seccomp", r)).isEqualTo("0");
      assertThat(r.stdout()).contains("sysfs on /sys type sysfs (rw");
    }
    // host devices appear, and the device cgroup lets them be used
    long hostDevices;
    try (var s = Files.list(Path.of("/dev"))) {
      hostDevices = s.count();
    }
    String count = ok(daemon.docker("run", "--rm", "--privileged", "busybox", "sh", "-c", "ls /dev | wc -l"));
    assertThat(Long.parseLong(count)).isGreaterThan(Math.min(hostDevices / 2, 20));
    assertThat(ok(daemon.docker("inspect", "-f", "{{.HostConfig.Privileged}}",
        ok(daemon.docker("create", "--privileged", "busybox", "true"))))).isEqualTo("true");
  }

  @Test
  void readOnlyRootKeepsDevShmTmpfsAndVolumesWritable() {
    for (boolean useDocker : new boolean[] {false, true}) {
      String[] args = {"run", "--rm", "--read-only", "--tmpfs", "/scratch", "-v", tmp + ":/data", "busybox", "sh",
          "-c", "touch /x; touch /dev/shm/a /scratch/b /data/c && echo writable"};
      Command.Result r = useDocker ? daemon.docker(args) : daemon.berth(args);
      assertThat(r.stderr()).isEqualTo("touch: /x: Read-only file system\n");
      assertThat(r.stdout()).isEqualTo("writable\n");
    }
    assertThat(Files.exists(tmp.resolve("c"))).isTrue();
  }

  @Test
  void noNewPrivilegesIsSet() {
    assertThat(status("NoNewPrivs", daemon.docker("run", "--rm", "--security-opt", "no-new-privileges", "busybox",
        "cat", "/proc/self/status"))).isEqualTo("1");
    assertThat(status("NoNewPrivs", daemon.berth("run", "--rm", "--security-opt", "no-new-privileges=true", "busybox",
        "cat", "/proc/self/status"))).isEqualTo("1");
    assertThat(status("NoNewPrivs", daemon.berth("run", "--rm", "busybox", "cat", "/proc/self/status"))).isEqualTo("0");
    Command.Result bad = daemon.berth("run", "--rm", "--security-opt", "no-new-privileges=maybe", "busybox", "true");
    assertThat(bad.exitCode()).isEqualTo(125);
    assertThat(bad.stderr()).contains("invalid --security-opt 2: \"no-new-privileges=maybe\"");
  }

  @Test
  void defaultSeccompProfileFiltersAsDockersDoes() {
    assertThat(status("Seccomp", daemon.docker("run", "--rm", "busybox", "cat", "/proc/self/status"))).isEqualTo("2");
    assertThat(status("Seccomp", daemon.berth("run", "--rm", "--security-opt", "seccomp=unconfined", "busybox", "cat",
        "/proc/self/status"))).isEqualTo("0");
    // swapon is never in Docker's allow-list, even with CAP_SYS_ADMIN: EPERM from the filter;
    // unconfined, the kernel itself gets to answer (the file is no swap area)
    String swapon = "dd if=/dev/zero of=/s bs=1k count=64 2>/dev/null; swapon /s";
    Command.Result filtered = daemon.docker("run", "--rm", "--cap-add", "SYS_ADMIN", "busybox", "sh", "-c", swapon);
    assertThat(filtered.stderr()).contains("Operation not permitted");
    Command.Result unconfined = daemon.docker("run", "--rm", "--cap-add", "SYS_ADMIN", "--security-opt",
        "seccomp=unconfined", "busybox", "sh", "-c", swapon);
    assertThat(unconfined.stderr()).contains("Invalid argument");
    // a capability unlocks its syscalls: with CAP_SYS_ADMIN mount and unshare are allowed
    assertThat(ok(daemon.berth("run", "--rm", "--cap-add", "SYS_ADMIN", "busybox", "sh", "-c",
        "mount -t tmpfs none /tmp && unshare -n true && echo allowed"))).isEqualTo("allowed");
    Command.Result denied = daemon.berth("run", "--rm", "busybox", "unshare", "-n", "true");
    assertThat(denied.stderr()).contains("Operation not permitted");
  }

  @Test
  void customSeccompProfileFromAFile() throws Exception {
    Path profile = tmp.resolve("profile.json");
    Files.writeString(profile, """
        {"defaultAction": "SCMP_ACT_ALLOW",
         "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
        """);
    for (boolean useDocker : new boolean[] {false, true}) {
      String[] args = {"run", "--rm", "--security-opt", "seccomp=" + profile, "busybox", "sh", "-c",
          "mkdir /d; echo done"};
      Command.Result r = useDocker ? daemon.docker(args) : daemon.berth(args);
      assertThat(r.stderr()).contains("can't create directory '/d': Operation not permitted");
      assertThat(r.stdout()).isEqualTo("done\n");
    }
    Command.Result missing = daemon.berth("run", "--rm", "--security-opt", "seccomp=" + tmp.resolve("none.json"),
        "busybox", "true");
    assertThat(missing.stderr()).startsWith("berth: opening seccomp profile (" + tmp.resolve("none.json")
        + ") failed: open " + tmp.resolve("none.json") + ": no such file or directory\n");
  }

  @Test
  void devicesAreCreatedAndAllowed() {
    for (boolean useDocker : new boolean[] {false, true}) {
      String[] args = {"run", "--rm", "--device", "/dev/null:/dev/mynull", "busybox", "sh", "-c",
          "ls -l /dev/mynull; echo x > /dev/mynull && echo written"};
      Command.Result r = useDocker ? daemon.docker(args) : daemon.berth(args);
      assertThat(ok(r)).startsWith("crw").contains("1,   3").endsWith("written");
    }
    // the device cgroup holds the permissions asked for: with "r" only, opening for writing is
    // refused (with "rwm" the device itself answers: loop-control takes no writes)
    Command.Result ro = daemon.berth("run", "--rm", "--device", "/dev/loop-control:/dev/lc:r", "busybox", "sh", "-c",
        "echo x > /dev/lc");
    assertThat(ro.stderr()).contains("can't create /dev/lc: Operation not permitted");
    Command.Result rw = daemon.berth("run", "--rm", "--device", "/dev/loop-control:/dev/lc", "busybox", "sh", "-c",
        "echo x > /dev/lc");
    assertThat(rw.stderr()).contains("Invalid argument");
    Command.Result missing = daemon.docker("run", "--rm", "--device", "/dev/no-such-device", "busybox", "true");
    // docker's CLI turns any "no such file or directory" into 127, as it does with Docker's own message
    assertThat(missing.exitCode()).isEqualTo(127);
    assertThat(missing.stderr()).contains("error gathering device information while adding custom device"
        + " \"/dev/no-such-device\": no such file or directory");
  }

  @Test
  void namespacedSysctlsOnly() {
    for (boolean useDocker : new boolean[] {false, true}) {
      String[] args = {"run", "--rm", "--sysctl", "net.ipv4.ip_forward=1", "busybox", "cat",
          "/proc/sys/net/ipv4/ip_forward"};
      assertThat(ok(useDocker ? daemon.docker(args) : daemon.berth(args))).isEqualTo("1");
    }
    Command.Result host = daemon.berth("run", "--rm", "--network", "host", "--sysctl", "net.ipv4.ip_forward=1",
        "busybox", "true");
    assertThat(host.exitCode()).isEqualTo(125);
    assertThat(host.stderr()).contains("sysctl \"net.ipv4.ip_forward\" is not allowed with --network host");
    Command.Result notNamespaced = daemon.berth("run", "--rm", "--sysctl", "kernel.hostname=x", "busybox", "true");
    assertThat(notNamespaced.stderr()).startsWith("invalid argument \"kernel.hostname=x\" for \"--sysctl\" flag:"
        + " sysctl 'kernel.hostname=x' is not allowed\n");
  }

  @Test
  void groupAddAndUser() {
    assertThat(ok(daemon.docker("run", "--rm", "--group-add", "www-data", "--group-add", "1234", "busybox", "id")))
        .isEqualTo("uid=0(root) gid=0(root) groups=33(www-data),1234");
    assertThat(ok(daemon.berth("run", "--rm", "--user", "daemon", "--group-add", "nogroup", "busybox", "id")))
        .isEqualTo("uid=1(daemon) gid=1(daemon) groups=65534(nogroup)");
    Command.Result r = daemon.docker("run", "--rm", "--group-add", "nosuch", "busybox", "id");
    assertThat(r.exitCode()).isEqualTo(125);
    assertThat(r.stderr()).contains("Unable to find group nosuch");
  }

  @Test
  void aRuntimeFailureReachesTheUserAsOneLine() {
    Command.Result r = daemon.docker("run", "--rm", "--sysctl", "net.ipv4.no_such_setting=1", "busybox", "true");
    assertThat(r.exitCode()).isNotZero();
    String first = r.stderr().lines().findFirst().orElse("");
    assertThat(first).contains("OCI runtime create failed").contains("net/ipv4/no_such_setting")
        .contains("no such file or directory");
    assertThat(r.stderr().lines().filter(l -> !l.isBlank()).count()).isEqualTo(2); // the error, then docker's hint
  }
}
