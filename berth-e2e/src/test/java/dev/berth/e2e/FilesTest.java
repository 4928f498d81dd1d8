package dev.berth.e2e;

import static dev.berth.e2e.TestArchives.tar;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cp} both ways, the archive endpoints, {@code export}, {@code diff} and {@code commit}. */
class FilesTest extends SharedDaemonTest {
  @TempDir
  Path local;

  @Test
  void copyIntoACreatedContainerBeforeItStarts() throws Exception {
    Files.writeString(local.resolve("app.conf"), "port=80\n");
    Files.createDirectories(local.resolve("site/css"));
    Files.writeString(local.resolve("site/css/main.css"), "body{}\n");
    ok(daemon.docker("create", "--name", "precopy", "busybox", "sh", "-c",
        "cat /etc/app.conf /tmp/site/css/main.css; stat -c '%u' /etc/app.conf"));
    ok(daemon.docker("cp", local.resolve("app.conf").toString(), "precopy:/etc/"));
    Command.Result r = daemon.berth("cp", local.resolve("site").toString(), "precopy:/tmp/site");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stderr()).contains("Successfully copied");
    assertThat(ok(daemon.docker("start", "-a", "precopy"))).isEqualTo("port=80\nbody{}\n0");
    ok(daemon.docker("rm", "precopy"));
  }

  @Test
  void copyOutWithDockersNamingRules() throws Exception {
    ok(daemon.docker("run", "--name", "src", "busybox", "sh", "-c",
        "mkdir -p /data/sub && echo one > /data/a && echo two > /data/sub/b"));
    // into an existing directory the source keeps its name
    ok(daemon.docker("cp", "src:/data", local.toString()));
    assertThat(Files.readString(local.resolve("data/sub/b"))).isEqualTo("two\n");
    // onto a missing path it takes that name
    ok(daemon.berth("cp", "src:/data/a", local.resolve("renamed.txt").toString()));
    assertThat(Files.readString(local.resolve("renamed.txt"))).isEqualTo("one\n");
    // dir/. copies the content only
    Files.createDirectories(local.resolve("content"));
    ok(daemon.berth("cp", "src:/data/.", local.resolve("content").toString()));
    assertThat(Files.readString(local.resolve("content/a"))).isEqualTo("one\n");
    // "-" is a tar on stdout
    Command.Result tar = daemon.berth("cp", "src:/data/a", "-");
    assertThat(tar.stdout()).contains("one");
    Command.Result missing = daemon.docker("cp", "src:/nope", local.toString());
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).contains("Could not find the file /nope in container src");
    ok(daemon.docker("rm", "src"));
  }

  @Test
  void headAnswersWithThePathStat() throws Exception {
    ok(daemon.docker("create", "--name", "statme", "busybox", "true"));
    String response = daemon.request("HEAD", "/v1.51/containers/statme/archive?path=/etc/passwd");
    assertThat(response).startsWith("HTTP/1.1 200");
    String header = response.lines().filter(l -> l.toLowerCase().startsWith("x-docker-container-path-stat:"))
        .findFirst().orElseThrow().substring("x-docker-container-path-stat:".length()).strip();
    String stat = new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8);
    assertThat(stat).contains("\"name\":\"passwd\"").contains("\"mode\":420");
    assertThat(daemon.request("HEAD", "/v1.51/containers/statme/archive?path=/missing")).startsWith("HTTP/1.1 404");
    ok(daemon.docker("rm", "statme"));
  }

  @Test
  void linksInTheContainerCannotReachTheHost() throws Exception {
    Path marker = local.resolve("host-secret");
    Files.writeString(marker, "host");
    ok(daemon.docker("run", "-d", "--name", "linky", "busybox", "sleep", "300"));
    ok(daemon.docker("exec", "linky", "sh", "-c", "ln -s / /tmp/escape && ln -s " + marker + " /tmp/secret"));
    Files.writeString(local.resolve("dropped.txt"), "x");
    // writing through a link to / lands in the container's root, not the host's
    ok(daemon.docker("cp", local.resolve("dropped.txt").toString(), "linky:/tmp/escape/"));
    assertThat(ok(daemon.docker("exec", "linky", "cat", "/dropped.txt"))).isEqualTo("x");
    assertThat(Files.exists(Path.of("/dropped.txt"))).isFalse();
    // reading a link to a host path reads that path inside the container: here it does not exist
    Command.Result r = daemon.berth("cp", "-L", "linky:/tmp/secret", local.resolve("stolen").toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(Files.exists(local.resolve("stolen"))).isFalse();
    // a hostile tar on stdin cannot climb out either
    byte[] evil = tar("../../../../../../tmp/berth-escaped-" + ProcessHandle.current().pid(), "pwned");
    Command.Result put = daemon.dockerWithInput(evil, "cp", "-", "linky:/tmp");
    assertThat(Files.exists(Path.of("/tmp/berth-escaped-" + ProcessHandle.current().pid()))).isFalse();
    if (put.exitCode() == 0) {
      assertThat(ok(daemon.docker("exec", "linky", "cat", "/tmp/berth-escaped-" + ProcessHandle.current().pid())))
          .isEqualTo("pwned");
    }
    ok(daemon.docker("rm", "-f", "linky"));
  }

  @Test
  void readOnlyRootRefusesCopiesButTheFilesInVolumesAreWritable() throws Exception {
    Files.writeString(local.resolve("f"), "v");
    ok(daemon.docker("create", "--name", "ro", "--read-only", "-v", "/data", "busybox", "true"));
    Command.Result r = daemon.docker("cp", local.resolve("f").toString(), "ro:/etc/");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("read-only");
    ok(daemon.docker("cp", local.resolve("f").toString(), "ro:/data/"));
    ok(daemon.docker("rm", "-v", "ro"));
  }

  @Test
  void exportDiffAndCommit() throws Exception {
    ok(daemon.docker("run", "--name", "changed", "busybox", "sh", "-c",
        "echo hi > /tmp/new.txt && rm /etc/group && echo x >> /etc/passwd"));
    assertThat(ok(daemon.berth("diff", "changed")).lines().toList())
        .contains("C /etc", "D /etc/group", "C /etc/passwd", "C /tmp", "A /tmp/new.txt")
        .noneMatch(l -> l.contains("hosts") || l.contains("resolv.conf") || l.startsWith("A /proc"));
    assertThat(ok(daemon.docker("diff", "changed"))).contains("A /tmp/new.txt");

    Path exported = local.resolve("fs.tar");
    ok(daemon.berth("export", "-o", exported.toString(), "changed"));
    List<String> names = tarNames(exported);
    assertThat(names).contains("tmp/new.txt", "bin/busybox").doesNotContain("etc/group");

    String id = ok(daemon.docker("commit", "-m", "snapshot", "-c", "ENV FROM_COMMIT=yes", "changed", "snap:1"));
    assertThat(id).startsWith("sha256:");
    assertThat(ok(daemon.berth("run", "--rm", "snap:1", "sh", "-c",
        "cat /tmp/new.txt; echo $FROM_COMMIT; test -e /etc/group || echo nogroup")))
        .isEqualTo("hi\nyes\nnogroup");
    assertThat(ok(daemon.docker("history", "--format", "{{.Comment}}", "snap:1")).lines().findFirst().orElse(""))
        .isEqualTo("snapshot");
    String id2 = ok(daemon.berth("commit", "changed"));
    assertThat(ok(daemon.docker("images", "-q", "--no-trunc"))).contains(id2);
    ok(daemon.docker("rm", "changed"));
    ok(daemon.docker("rmi", "snap:1", id2));
  }

  private static List<String> tarNames(Path tar) throws Exception {
    try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(tar))) {
      List<String> out = new java.util.ArrayList<>();
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        out.add(e.getName());
      }
      return out;
    }
  }

}
