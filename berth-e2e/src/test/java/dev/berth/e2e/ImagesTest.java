package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image commands through both CLIs: import, tag, history, save and load, rmi, prune. */
class ImagesTest extends SharedDaemonTest {
  @Test
  void importWithChangesSetsTheImageConfig() throws Exception {
    String id = ok(daemon.berth("import", "-c", "CMD [\"echo\", \"from-cmd\"]", "-c", "ENV MODE=test",
        BusyboxRootfs.tarball().toString(), "configured:1"));
    assertThat(id).startsWith("sha256:");
    assertThat(ok(daemon.docker("image", "inspect", "-f", "{{json .Config.Cmd}} {{json .Config.Env}}", "configured:1")))
        .isEqualTo("[\"echo\",\"from-cmd\"] [\"MODE=test\"]");
    assertThat(ok(daemon.berth("run", "--rm", "configured:1"))).isEqualTo("from-cmd");
    ok(daemon.docker("rmi", "configured:1"));
  }

  @Test
  void tagHistoryAndRemove() {
    ok(daemon.docker("tag", "busybox", "team/tool:2"));
    assertThat(ok(daemon.docker("images", "--format", "{{.Repository}}:{{.Tag}}"))).contains("team/tool:2");
    assertThat(ok(daemon.berth("history", "team/tool:2"))).contains("IMAGE").contains("CREATED BY");
    String rmi = ok(daemon.docker("rmi", "team/tool:2"));
    assertThat(rmi).contains("Untagged: team/tool:2");
    assertThat(daemon.docker("image", "inspect", "team/tool:2").exitCode()).isEqualTo(1);
  }

  @Test
  void saveThenLoadGivesTheSameImage(@TempDir Path tmp) {
    String id = ok(daemon.docker("image", "inspect", "-f", "{{.Id}}", "busybox"));
    Path archive = tmp.resolve("busybox.tar");
    ok(daemon.docker("save", "-o", archive.toString(), "busybox:latest"));
    ok(daemon.docker("tag", "busybox", "spare:1"));
    ok(daemon.docker("rmi", "busybox:latest"));
    String loaded = ok(daemon.berth("load", "-i", archive.toString()));
    assertThat(loaded).contains("Loaded image: busybox:latest");
    assertThat(ok(daemon.docker("image", "inspect", "-f", "{{.Id}}", "busybox"))).isEqualTo(id);
    ok(daemon.docker("rmi", "spare:1"));
  }

  @Test
  void aRunningContainerKeepsItsImage() {
    ok(daemon.berth("run", "-d", "--name", "holder", "busybox", "sleep", "300"));
    Command.Result r = daemon.docker("rmi", "-f", "busybox");
    // -f untags but the image stays while a container uses it
    String id = ok(daemon.docker("inspect", "-f", "{{.Image}}", "holder"));
    assertThat(daemon.docker("image", "inspect", id).exitCode()).as(r.toString()).isZero();
    ok(daemon.docker("rm", "-f", "holder"));
    ok(daemon.docker("tag", id, "busybox:latest"));
  }

  @Test
  void anArchiveThatEscapesIsRefusedAndNothingIsStored(@TempDir Path tmp) throws Exception {
    Path evil = tmp.resolve("evil.tar");
    ByteArrayOutputStream layer = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(layer)) {
      byte[] payload = "owned".getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry("../../../../tmp/berth-escape-test");
      e.setSize(payload.length);
      t.putArchiveEntry(e);
      t.write(payload);
      t.closeArchiveEntry();
    }
    Files.write(evil, layer.toByteArray());
    String before = ok(daemon.docker("images", "-q", "--no-trunc"));
    Command.Result r = daemon.docker("import", evil.toString(), "evil:1");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).containsIgnoringCase("..");
    assertThat(Files.exists(Path.of("/tmp/berth-escape-test"))).isFalse();
    assertThat(ok(daemon.docker("images", "-q", "--no-trunc"))).isEqualTo(before);
  }

  @Test
  void unknownImageIsA404WithDockersMessage() {
    Command.Result r = daemon.docker("image", "inspect", "nope:9");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("No such image: nope:9");
  }
}
