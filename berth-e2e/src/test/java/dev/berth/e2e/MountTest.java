package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bind mounts and tmpfs, with Docker's rules for missing sources. */
class MountTest extends SharedDaemonTest {
  @TempDir
  Path host;

  @Test
  void bindMountsShareFilesBothWays() throws Exception {
    Files.writeString(host.resolve("in.txt"), "from-host");
    assertThat(ok(daemon.docker("run", "--rm", "-v", host + ":/data", "busybox", "sh", "-c",
        "cat /data/in.txt; echo from-container > /data/out.txt"))).isEqualTo("from-host");
    assertThat(Files.readString(host.resolve("out.txt"))).isEqualTo("from-container\n");
  }

  @Test
  void readOnlyBindsCannotBeWritten() {
    Command.Result r = daemon.berth("run", "--rm", "-v", host + ":/data:ro", "busybox", "touch", "/data/x");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("Read-only file system");
    assertThat(Files.exists(host.resolve("x"))).isFalse();
  }

  @Test
  void dashVCreatesAMissingSourceButMountRefusesIt() {
    Path missing = host.resolve("made-by-v");
    ok(daemon.docker("run", "--rm", "-v", missing + ":/d", "busybox", "true"));
    assertThat(Files.isDirectory(missing)).isTrue();
    Command.Result r = daemon.docker("run", "--rm", "--mount", "type=bind,source=" + host.resolve("absent")
        + ",target=/d", "busybox", "true");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("bind source path does not exist");
  }

  @Test
  void tmpfsMountsAreWritableAndSized() {
    assertThat(ok(daemon.docker("run", "--rm", "--tmpfs", "/scratch:size=1m", "busybox", "sh", "-c",
        "touch /scratch/ok && mount | grep ' /scratch '"))).contains("tmpfs").contains("size=1024k");
  }

  @Test
  void inspectListsTheMounts() {
    ok(daemon.docker("create", "--name", "withmount", "-v", host + ":/data:ro", "busybox", "true"));
    assertThat(ok(daemon.docker("inspect", "-f", "{{range .Mounts}}{{.Type}} {{.Source}} {{.Destination}} {{.RW}}{{end}}",
        "withmount"))).isEqualTo("bind " + host + " /data false");
    ok(daemon.docker("rm", "withmount"));
  }
}
