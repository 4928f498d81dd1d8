package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code berthd -G}: the socket is root:group, mode 0660; a member of the group can use it without
 * root and anyone else is refused; an unknown group stops the start with one line. The group is
 * the test's own (groupadd), removed afterwards; the "users" are bare uids given that group with
 * setpriv, so no account is made on the host.
 */
class SocketGroupTest {
  private final String group = "bt" + Long.toHexString(System.nanoTime() & 0xffffffL);
  private final List<BerthDaemon> daemons = new ArrayList<>();
  private boolean groupMade;

  @AfterEach
  void cleanUp() throws Exception {
    for (BerthDaemon d : daemons) {
      d.close();
    }
    if (groupMade) {
      run("groupdel", group);
    }
  }

  private static Command.Result run(String... cmd) {
    return Command.run(Map.of(), null, List.of(cmd));
  }

  private int makeGroup() {
    Command.Result r = run("groupadd", group);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    groupMade = true;
    return Integer.parseInt(SharedDaemonTest.ok(run("getent", "group", group)).split(":")[2]);
  }

  /** The docker CLI as an unprivileged uid with the given supplementary groups (none: "-"). */
  private static Command.Result dockerAs(BerthDaemon d, int uid, String groups, String... args) {
    List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid,
        groups.equals("-") ? "--clear-groups" : "--groups=" + groups, "docker"));
    cmd.addAll(List.of(args));
    return Command.run(Map.of("DOCKER_HOST", d.host(), "HOME", "/tmp", "DOCKER_CONFIG", "/nonexistent"), null, cmd);
  }

  @Test
  void membersOfTheGroupUseTheSocketWithoutRootAndOthersCannot() throws Exception {
    int gid = makeGroup();
    BerthDaemon d = BerthDaemon.startWith(Map.of(), List.of("-G", group));
    daemons.add(d);
    Path sock = d.socket();
    assertThat(Files.getAttribute(sock, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0);
    assertThat(Files.getAttribute(sock, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(gid);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-rw----");
    // the fixture's directory is private; let other uids reach the socket inside it (not list it)
    Files.setPosixFilePermissions(sock.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
    Command.Result member = dockerAs(d, 54321, String.valueOf(gid), "version", "--format", "{{.Server.Os}}");
    assertThat(member.exitCode()).as(member.toString()).isZero();
    assertThat(member.stdout().strip()).isEqualTo("linux");
    Command.Result stranger = dockerAs(d, 54321, "-", "version", "--format", "{{.Server.Os}}");
    assertThat(stranger.exitCode()).as(stranger.toString()).isNotZero();
    assertThat(stranger.stderr()).contains("permission denied");
  }

  @Test
  void anUnknownGroupStopsTheStartWithOneLine() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "be2e-");
    try {
      Command.Result r = Command.run(Map.of(), null, List.of(BerthDaemon.BERTHD.toString(), "-H",
          "unix://" + dir.resolve("b.sock"), "--data-root", dir.resolve("data").toString(), "--exec-root",
          dir.resolve("run").toString(), "-G", group));
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stderr().strip()).isEqualTo("berthd: group " + group + " not found: create it (groupadd " + group
          + ") or name another with -G");
      assertThat(dir.resolve("b.sock")).doesNotExist();
    } finally {
      BerthDaemon.deleteTree(dir);
    }
  }

  @Test
  void withoutTheFlagTheSocketBelongsToRootAlone() throws Exception {
    boolean berthGroup = run("getent", "group", "berth").exitCode() == 0;
    BerthDaemon d = BerthDaemon.start();
    daemons.add(d);
    Object gid = Files.getAttribute(d.socket(), "unix:gid", LinkOption.NOFOLLOW_LINKS);
    if (berthGroup) {
      assertThat(gid).isEqualTo(Integer.parseInt(SharedDaemonTest.ok(run("getent", "group", "berth")).split(":")[2]));
    } else {
      assertThat(gid).isEqualTo(0);
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.socket()))).isEqualTo("rw-rw----");
  }
}
