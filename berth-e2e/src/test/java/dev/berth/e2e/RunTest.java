package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code run} as users meet it, through both the berth CLI and the real docker CLI. */
class RunTest extends SharedDaemonTest {
  @Test
  void berthRunPrintsTheContainersOutput() {
    Command.Result r = daemon.berth("run", "--rm", "busybox", "echo", "hello");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("hello\n");
  }

  @Test
  void dockerRunPrintsTheSameAsBerth() {
    Command.Result r = daemon.docker("run", "--rm", "busybox", "echo", "hello");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("hello\n");
  }

  @Test
  void runKeepsStdoutAndStderrApartAndReturnsTheExitCode() {
    for (boolean docker : new boolean[] {false, true}) {
      String[] args = {"run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3"};
      Command.Result r = docker ? daemon.docker(args) : daemon.berth(args);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
      assertThat(r.stdout()).isEqualTo("out\n");
      assertThat(r.stderr()).isEqualTo("err\n");
    }
  }

  @Test
  void runWithRmLeavesNoContainerAndNoMount() throws Exception {
    daemon.docker("run", "--rm", "--name", "gone", "busybox", "true");
    assertThat(daemon.docker("ps", "-a", "--format", "{{.Names}}").stdout()).doesNotContain("gone");
    assertThat(daemon.mountsUnderExecRoot()).isEmpty();
  }

  @Test
  void interactiveRunStreamsStdinToTheContainer() {
    Command.Result r = daemon.dockerWithInput("piped\nlines\n".getBytes(StandardCharsets.UTF_8), "run", "-i", "--rm",
        "busybox", "cat");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("piped\nlines\n");
  }

  @Test
  void missingExecutableExits127WithARuntimeError() {
    Command.Result docker = daemon.docker("run", "--rm", "busybox", "no-such-binary");
    assertThat(docker.exitCode()).as(docker.toString()).isEqualTo(127);
    assertThat(docker.stderr()).contains("no-such-binary").contains("executable file not found");
    Command.Result berth = daemon.berth("run", "--rm", "busybox", "no-such-binary");
    assertThat(berth.exitCode()).as(berth.toString()).isEqualTo(127);
  }

  @Test
  void unknownImageFailsWith125AndSaysSo() {
    Command.Result r = daemon.berth("run", "--rm", "no-such-image:1", "true");
    assertThat(r.exitCode()).isEqualTo(125);
    assertThat(r.stderr()).contains("Unable to find image 'no-such-image:1' locally");
  }

  @Test
  void environmentWorkdirUserAndHostnameReachTheProcess() {
    Command.Result r = daemon.berth("run", "--rm", "-e", "GREETING=hi", "-w", "/tmp/work", "-u", "daemon",
        "--hostname", "box", "busybox", "sh", "-c", "echo $GREETING $(pwd) $(id -u) $(hostname) $HOSTNAME");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("hi /tmp/work 1 box box\n");
  }

  @Test
  void containerRunsInItsOwnNamespacesWithDockersIsolation() {
    Command.Result r = daemon.berth("run", "--rm", "--network", "none", "busybox", "sh", "-c",
        "echo pid=$$; ls /sys/class/net; grep CapEff /proc/self/status; cat /proc/kcore 2>&1 | wc -c; ls /dev | sort | tr '\\n' ' '");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("pid=1\n").contains("lo\n").doesNotContain("eth0");
    // Docker's default set: 0x00000000a80425fb
    assertThat(r.stdout()).contains("CapEff:\t00000000a80425fb");
    assertThat(r.stdout()).contains("null").contains("zero").contains("urandom").contains("pts").doesNotContain("sda");
  }

  @Test
  void hostNetworkSeesTheHostsInterfaces() {
    Command.Result r = daemon.berth("run", "--rm", "--network", "host", "busybox", "ls", "/sys/class/net");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout().split("\n").length).isGreaterThan(1);
  }

  @Test
  void etcFilesAreProvided() {
    Command.Result r = daemon.berth("run", "--rm", "--hostname", "named", "busybox", "sh", "-c",
        "cat /etc/hostname; grep -c localhost /etc/hosts; test -f /etc/resolv.conf && echo resolv");
    assertThat(r.stdout()).startsWith("named\n").contains("resolv");
  }

  @Test
  void ttyRunGetsATerminal() {
    // `script` gives the docker CLI a terminal of its own, as a user's shell would
    Command.Result r = Command.run(daemon.env(), null, java.util.List.of("script", "-qec",
        "docker run --rm -t busybox sh -c 'tty; stty size'", "/dev/null"));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("/dev/pts/0");
  }
}
