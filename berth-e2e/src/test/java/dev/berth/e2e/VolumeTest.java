package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Named and anonymous volumes, {@code --volumes-from}, the {@code volume} commands and Docker's
 * rules for removing and pruning them, through both CLIs.
 */
class VolumeTest extends SharedDaemonTest {
  @Test
  void namedVolumeIsCreatedOnFirstUseAndOutlivesItsContainers() {
    ok(daemon.docker("run", "--rm", "-v", "keep:/data", "busybox", "sh", "-c", "echo kept > /data/f"));
    assertThat(ok(daemon.berth("volume", "ls", "-q"))).contains("keep");
    assertThat(ok(daemon.berth("run", "--rm", "-v", "keep:/d", "busybox", "cat", "/d/f"))).isEqualTo("kept");
    assertThat(ok(daemon.docker("volume", "inspect", "-f", "{{.Driver}} {{.Scope}} {{.Mountpoint}}", "keep")))
        .isEqualTo("local local " + daemon.dataRoot().resolve("volumes/keep/_data"));
    ok(daemon.berth("volume", "rm", "keep"));
  }

  @Test
  void readOnlyVolumeRefusesWrites() {
    ok(daemon.berth("volume", "create", "rov"));
    Command.Result r = daemon.docker("run", "--rm", "-v", "rov:/data:ro", "busybox", "touch", "/data/x");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("Read-only file system");
    ok(daemon.docker("volume", "rm", "rov"));
  }

  @Test
  void freshVolumeIsFilledFromTheImageButNocopyAndUsedVolumesAreNot() {
    // busybox's /etc holds passwd and group; a new volume mounted there starts with them
    assertThat(ok(daemon.docker("run", "--rm", "-v", "etcvol:/etc", "busybox", "cat", "/etc/group")))
        .contains("root:x:0:");
    assertThat(ok(daemon.berth("run", "--rm", "--mount", "type=volume,src=empty,dst=/etc,volume-nocopy",
        "busybox", "ls", "-A", "/etc"))).doesNotContain("group");
    // once filled and changed, the volume keeps its own content
    ok(daemon.berth("run", "--rm", "-v", "etcvol:/etc", "busybox", "rm", "/etc/group"));
    assertThat(daemon.berth("run", "--rm", "-v", "etcvol:/etc", "busybox", "cat", "/etc/group").exitCode())
        .isNotZero();
    ok(daemon.berth("volume", "rm", "etcvol", "empty"));
  }

  @Test
  void imageVolumesGetAnonymousVolumesThatRmDashVRemoves() throws Exception {
    ok(daemon.docker("import", "--change", "VOLUME /etc", BusyboxRootfs.tarball().toString(), "withvol"));
    ok(daemon.docker("run", "--name", "anon", "withvol", "sh", "-c", "echo mine > /etc/note"));
    String name = ok(daemon.docker("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", "anon"));
    assertThat(name).hasSize(64);
    assertThat(ok(daemon.docker("volume", "ls", "-q"))).contains(name);
    assertThat(Files.exists(daemon.dataRoot().resolve("volumes").resolve(name).resolve("_data/passwd"))).isTrue();
    // --volumes-from shares the same volume with another container
    assertThat(ok(daemon.berth("run", "--rm", "--volumes-from", "anon:ro", "busybox", "cat", "/etc/note")))
        .isEqualTo("mine");
    ok(daemon.docker("rm", "-v", "anon"));
    assertThat(ok(daemon.docker("volume", "ls", "-q"))).doesNotContain(name);
    assertThat(Files.exists(daemon.dataRoot().resolve("volumes").resolve(name))).isFalse();
    ok(daemon.docker("rmi", "withvol"));
  }

  @Test
  void runDashDashRmRemovesAnonymousVolumesButKeepsNamedOnes() {
    ok(daemon.docker("run", "--rm", "-v", "/scratch", "-v", "stays:/named", "busybox", "true"));
    String left = ok(daemon.docker("volume", "ls", "-q"));
    assertThat(left).contains("stays");
    assertThat(left.lines().filter(l -> l.length() == 64)).isEmpty();
    ok(daemon.docker("volume", "rm", "stays"));
  }

  @Test
  void volumeInUseCannotBeRemoved() {
    ok(daemon.docker("create", "--name", "user", "-v", "busy:/x", "busybox", "true"));
    Command.Result r = daemon.berth("volume", "rm", "busy");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("remove busy: volume is in use");
    assertThat(ok(daemon.docker("ps", "-a", "--filter", "volume=busy", "--format", "{{.Names}}"))).isEqualTo("user");
    ok(daemon.docker("rm", "user"));
    ok(daemon.docker("volume", "rm", "busy"));
    Command.Result gone = daemon.docker("volume", "inspect", "busy");
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.stderr()).contains("no such volume");
  }

  @Test
  void pruneTakesAnonymousVolumesUnlessAll() {
    ok(daemon.docker("volume", "create", "--label", "team=a", "named-p"));
    ok(daemon.docker("create", "--name", "anonp", "-v", "/data", "busybox", "true"));
    String anon = ok(daemon.docker("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", "anonp"));
    ok(daemon.docker("rm", "anonp"));   // without -v the anonymous volume stays, unused
    String out = ok(daemon.berth("volume", "prune", "-f"));
    assertThat(out).contains(anon).doesNotContain("named-p");
    assertThat(ok(daemon.docker("volume", "ls", "--filter", "label=team=a", "-q"))).isEqualTo("named-p");
    assertThat(ok(daemon.docker("volume", "prune", "-af"))).contains("named-p");
    assertThat(ok(daemon.docker("volume", "ls", "-q"))).doesNotContain("named-p");
  }

  @Test
  void badVolumeNamesAndSpecsAreRefused() throws Exception {
    Command.Result r = daemon.docker("volume", "create", "a/b");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("includes invalid characters for a local volume name");
    Command.Result rel = daemon.berth("run", "--rm", "-v", "data:relative", "busybox", "true");
    assertThat(rel.exitCode()).isNotZero();
    assertThat(rel.stderr()).contains("must be absolute");
    long before;
    try (var dirs = Files.list(daemon.dataRoot().resolve("containers"))) {
      before = dirs.count();
    }
    Command.Result from = daemon.docker("run", "--rm", "--volumes-from", "nobody", "busybox", "true");
    assertThat(from.exitCode()).isNotZero();
    assertThat(from.stderr()).contains("No such container: nobody");
    try (var dirs = Files.list(daemon.dataRoot().resolve("containers"))) {
      assertThat(dirs.count()).as("a refused create leaves no container directory").isEqualTo(before);
    }
  }

  @Test
  void systemDfCountsImagesContainersAndVolumes() {
    ok(daemon.docker("run", "--name", "dfuser", "-v", "dfvol:/d", "busybox", "sh", "-c",
        "head -c 4096 /dev/zero > /d/f"));
    String df = ok(daemon.docker("system", "df", "--format", "{{.Type}} {{.TotalCount}} {{.Active}}"));
    assertThat(df.lines().toList()).contains("Build Cache 0 0")
        .anyMatch(l -> l.startsWith("Images ")).anyMatch(l -> l.startsWith("Containers "))
        .anyMatch(l -> l.startsWith("Local Volumes "));
    // the berth CLI draws the same summary as the docker CLI
    assertThat(ok(daemon.berth("system", "df"))).isEqualTo(ok(daemon.docker("system", "df")));
    String volumes = ok(daemon.docker("system", "df", "-v", "--format", "{{json .Volumes}}"));
    assertThat(volumes).contains("\"Links\":\"1\"").contains("\"Name\":\"dfvol\"")
        .contains("\"Size\":\"4.096kB\"");
    ok(daemon.docker("rm", "dfuser"));
    ok(daemon.docker("volume", "rm", "dfvol"));
  }

  @Test
  void volumeDataSurvivesADaemonCrash() throws Exception {
    ok(daemon.docker("run", "--rm", "-v", "durable:/d", "busybox", "sh", "-c", "echo safe > /d/f"));
    daemon.crash();
    daemon.launch();
    assertThat(ok(daemon.docker("volume", "ls", "-q"))).contains("durable");
    assertThat(ok(daemon.docker("run", "--rm", "-v", "durable:/d", "busybox", "cat", "/d/f"))).isEqualTo("safe");
    Path data = daemon.dataRoot().resolve("volumes/durable/_data/f");
    assertThat(Files.readString(data)).isEqualTo("safe\n");
    ok(daemon.docker("volume", "rm", "durable"));
  }
}
