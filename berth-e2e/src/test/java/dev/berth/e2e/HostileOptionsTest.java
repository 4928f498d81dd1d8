package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options a hostile or careless client can send with a network or a container: names that would
 * be file names for netavark, io_uring (which moby's profile stopped allowing in 25.0), and
 * AppArmor or SELinux requests on a host that cannot honour them. Each is refused with one line
 * and leaves nothing behind, or, for io_uring, is felt by the container's process.
 */
class HostileOptionsTest extends SharedDaemonTest {
  @TempDir
  Path tmp;

  private static List<String> lines(Command.Result r) {
    return ok(r).lines().toList();
  }

  private List<String> netavarkFiles() throws Exception {
    Path dir = daemon.execRoot().resolve("netavark");
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(Path::toString).sorted().toList();
    }
  }

  @Test
  void networkNamesThatAreNotNamesAreRefusedAndWriteNothing() throws Exception {
    List<String> networks = lines(daemon.docker("network", "ls", "--format", "{{.Name}}"));
    List<String> files = netavarkFiles();
    for (String bad : List.of("../../../../tmp/escape", "a/b", "-dash", ".hidden", "with space", "new\nline")) {
      Command.Result r = daemon.docker("network", "create", "--", bad);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.stderr().strip()).as(bad).startsWith("Error response from daemon: Invalid network name (")
          .endsWith("), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed").doesNotContain("\n");
    }
    // the same through the API, as any process on the socket could send it
    String raw = daemon.request("POST", "/networks/create", "application/json",
        "{\"Name\":\"../../x\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(raw).startsWith("HTTP/1.1 400").contains("Invalid network name (../../x)");
    assertThat(lines(daemon.docker("network", "ls", "--format", "{{.Name}}"))).isEqualTo(networks);
    assertThat(netavarkFiles()).isEqualTo(files);
    assertThat(Path.of("/tmp/escape")).doesNotExist();
    // Docker's own set still works
    ok(daemon.docker("network", "create", "ok_name.1-x"));
    ok(daemon.docker("network", "rm", "ok_name.1-x"));
  }

  @Test
  void aliasesThatAreNotNamesAreRefusedBeforeTheContainerIsMade() throws Exception {
    ok(daemon.docker("network", "create", "aliasnet"));
    try {
      List<String> before = lines(daemon.docker("ps", "-aq"));
      Command.Result r = daemon.docker("run", "-d", "--network", "aliasnet", "--network-alias", "evil/../x",
          "busybox", "sleep", "60");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
      assertThat(r.stderr()).contains("Invalid network alias (evil/../x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
      assertThat(lines(daemon.docker("ps", "-aq"))).isEqualTo(before);
      // connect checks them too, and the container stays unattached
      String id = ok(daemon.docker("create", "busybox", "true"));
      Command.Result c = daemon.docker("network", "connect", "--alias", "a\tb", "aliasnet", id);
      assertThat(c.exitCode()).as(c.toString()).isEqualTo(1);
      assertThat(c.stderr()).contains("Invalid network alias (a\\x09b)");
      assertThat(ok(daemon.docker("inspect", "-f", "{{len .NetworkSettings.Networks}}", id))).isEqualTo("1");
      ok(daemon.docker("rm", id));
    } finally {
      daemon.docker("network", "rm", "aliasnet");
    }
  }

  /** A static program of the test's own that calls io_uring_setup(2) and prints how it went. */
  private Path ioUringProbe() throws Exception {
    Path src = tmp.resolve("probe.c");
    Files.writeString(src, """
        #include <errno.h>
        #include <stdio.h>
        #include <string.h>
        #include <sys/syscall.h>
        #include <unistd.h>
        int main(void) {
          char params[120] = {0};
          long fd = syscall(425, 1, params);
          if (fd < 0) { printf("io_uring_setup: %s\\n", strerror(errno)); return 1; }
          printf("io_uring_setup: ok\\n");
          return 0;
        }
        """);
    Path bin = tmp.resolve("probe");
    Process p = new ProcessBuilder("gcc", "-static", "-O2", "-o", bin.toString(), src.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return bin;
  }

  @Test
  void theDefaultSeccompProfileRefusesIoUring() throws Exception {
    Path probe = ioUringProbe();
    String mount = probe + ":/probe:ro";
    Command.Result filtered = daemon.docker("run", "--rm", "-v", mount, "busybox", "/probe");
    assertThat(filtered.exitCode()).as(filtered.toString()).isEqualTo(1);
    assertThat(filtered.stdout()).isEqualTo("io_uring_setup: Operation not permitted\n");
    // not even CAP_SYS_ADMIN unlocks it
    Command.Result admin = daemon.berth("run", "--rm", "--cap-add", "SYS_ADMIN", "-v", mount, "busybox", "/probe");
    assertThat(admin.stdout()).isEqualTo("io_uring_setup: Operation not permitted\n");
    // the probe itself works: unconfined, the kernel sets the ring up
    Command.Result unconfined = daemon.docker("run", "--rm", "--security-opt", "seccomp=unconfined", "-v", mount,
        "busybox", "/probe");
    assertThat(unconfined.stdout()).as(unconfined.toString()).isEqualTo("io_uring_setup: ok\n");
  }

  private static boolean appArmorEnabled() {
    try {
      return Files.readString(Path.of("/sys/module/apparmor/parameters/enabled")).startsWith("Y");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void lsmOptionsAreAppliedOrRefusedNeverIgnored() throws Exception {
    List<String> before = lines(daemon.docker("ps", "-aq"));
    // asking for no confinement is always honoured
    ok(daemon.docker("run", "--rm", "--security-opt", "apparmor=unconfined", "--security-opt", "label=disable",
        "busybox", "true"));
    ok(daemon.berth("run", "--rm", "--security-opt", "label:disable", "busybox", "true"));
    // SELinux labels: berthd does not apply them, and says so
    for (boolean useDocker : new boolean[] {false, true}) {
      String[] args = {"run", "--rm", "--security-opt", "label=type:container_t", "busybox", "true"};
      Command.Result r = useDocker ? daemon.docker(args) : daemon.berth(args);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
      assertThat(r.stderr()).contains("invalid --security-opt label=type:container_t: ")
          .contains(", so the label cannot be applied (label=disable runs without one)");
    }
    if (!appArmorEnabled()) {
      Command.Result r = daemon.docker("run", "--rm", "--security-opt", "apparmor=my-profile", "busybox", "true");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
      assertThat(r.stderr()).contains("invalid --security-opt apparmor=my-profile: AppArmor is not enabled on this"
          + " host, so the profile cannot be applied (apparmor=unconfined runs without one)");
      String raw = daemon.request("POST", "/containers/create", "application/json",
          "{\"Image\":\"busybox\",\"HostConfig\":{\"SecurityOpt\":[\"apparmor=x\"]}}".getBytes(StandardCharsets.UTF_8));
      assertThat(raw).startsWith("HTTP/1.1 400");
      assertThat(ok(daemon.docker("inspect", "-f", "[{{.AppArmorProfile}}]",
          ok(daemon.docker("create", "busybox", "true"))))).isEqualTo("[]");
    } else {
      // where AppArmor is on, the default profile confines the process
      assertThat(ok(daemon.docker("run", "--rm", "busybox", "cat", "/proc/self/attr/current")))
          .startsWith("berth-default");
    }
    daemon.docker("container", "prune", "-f");
    assertThat(lines(daemon.docker("ps", "-aq"))).isEqualTo(before);
  }
}
