package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mount options docker-py exercises: a bind's propagation ({@code -v src:dst:rshared},
 * {@code bind-propagation=}), shown in inspect and applied; and a volume mounted from a
 * directory inside it ({@code volume-subpath=}), which never reaches outside the volume.
 */
class MountOptionsTest extends SharedDaemonTest {
  @TempDir
  Path host;

  @AfterEach
  void cleanUp() {
    daemon.berth("rm", "-f", "prop1", "prop2", "sub1", "sub2");
    daemon.berth("volume", "rm", "-f", "subvol");
  }

  @Test
  void aBindsPropagationIsAppliedAndShown() throws Exception {
    ok(daemon.docker("run", "--name", "prop1", "-v", host + ":/mnt:rw,rshared", "busybox", "touch", "/mnt/made"));
    assertThat(host.resolve("made")).exists();
    assertThat(ok(daemon.docker("inspect", "-f", "{{range .Mounts}}{{.Propagation}} {{.RW}}{{end}}", "prop1")))
        .isEqualTo("rshared true");
    ok(daemon.docker("create", "--name", "prop2", "--mount", "type=bind,src=" + host + ",dst=/mnt,bind-propagation=rslave",
        "busybox", "true"));
    assertThat(ok(daemon.docker("inspect", "-f", "{{range .Mounts}}{{.Propagation}}{{end}}", "prop2")))
        .isEqualTo("rslave");
    Command.Result bad = daemon.docker("create", "-v", "named:/mnt:rshared", "busybox", "true");
    assertThat(bad.exitCode()).isNotZero();
  }

  @Test
  void aVolumeSubpathMountsThatDirectoryOnly() throws Exception {
    ok(daemon.docker("volume", "create", "subvol"));
    ok(daemon.docker("run", "--rm", "-v", "subvol:/v", "busybox", "sh", "-c",
        "mkdir /v/sub && echo inside > /v/sub/f && echo top > /v/t && ln -s /etc /v/out"));
    assertThat(ok(daemon.docker("run", "--name", "sub1", "--mount",
        "type=volume,src=subvol,dst=/m,volume-subpath=sub,readonly", "busybox", "sh", "-c", "cat /m/f; ls /m")))
        .isEqualTo("inside\nf");
    Command.Result escape = daemon.docker("create", "--name", "sub2", "--mount",
        "type=volume,src=subvol,dst=/m,volume-subpath=../../", "busybox", "true");
    assertThat(escape.exitCode()).isNotZero();
    assertThat(escape.stderr()).contains("subpath");
    Command.Result missing = daemon.docker("create", "--mount", "type=volume,src=subvol,dst=/m,volume-subpath=nothere",
        "busybox", "true");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).contains("subpath 'nothere' does not exist");
    // a link inside the volume resolves inside it: /etc of the volume, which is not there
    Command.Result link = daemon.docker("create", "--mount", "type=volume,src=subvol,dst=/m,volume-subpath=out",
        "busybox", "true");
    assertThat(link.exitCode()).isNotZero();
    assertThat(Files.exists(host)).isTrue();
  }
}
