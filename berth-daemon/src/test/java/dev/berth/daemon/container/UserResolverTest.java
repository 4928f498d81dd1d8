package dev.berth.daemon.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResolverTest {
  @TempDir
  Path rootfs;

  @BeforeEach
  void writeEtc() throws IOException {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), """
        root:x:0:0:root:/root:/bin/sh
        # a comment
        daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
        app:x:1000:1000:App:/home/app:/bin/sh
        nohome:x:1001:1001:::/bin/sh
        """);
    Files.writeString(rootfs.resolve("etc/group"), """
        root:x:0:
        daemon:x:1:
        app:x:1000:
        audio:x:29:app
        video:x:44:daemon,app
        staff:x:50:
        """);
  }

  @Test
  void emptyUserIsRoot() throws IOException {
    UserResolver.Ids ids = UserResolver.resolve(rootfs, "");

    assertThat(ids).isEqualTo(new UserResolver.Ids(0, 0, java.util.List.of(), "/root"));
  }

  @Test
  void nullUserIsRoot() throws IOException {
    assertThat(UserResolver.resolve(rootfs, null).uid()).isZero();
  }

  @Test
  void nameResolvesToItsUidGidAndHome() throws IOException {
    UserResolver.Ids ids = UserResolver.resolve(rootfs, "app");

    assertThat(ids.uid()).isEqualTo(1000);
    assertThat(ids.gid()).isEqualTo(1000);
    assertThat(ids.home()).isEqualTo("/home/app");
  }

  @Test
  void nameGetsTheSupplementaryGroupsItIsAMemberOf() throws IOException {
    assertThat(UserResolver.resolve(rootfs, "app").additionalGids()).containsExactly(29, 44);
  }

  @Test
  void uidFoundInPasswdTakesItsGidHomeAndGroups() throws IOException {
    UserResolver.Ids ids = UserResolver.resolve(rootfs, "1000");

    assertThat(ids).isEqualTo(new UserResolver.Ids(1000, 1000, java.util.List.of(29, 44), "/home/app"));
  }

  @Test
  void uidNotInPasswdIsUsedAsIsWithGroupRootAndHomeSlash() throws IOException {
    assertThat(UserResolver.resolve(rootfs, "4242")).isEqualTo(new UserResolver.Ids(4242, 0, java.util.List.of(), "/"));
  }

  @Test
  void nameAndGroupNameTakeTheGroupsGidAndNoSupplementaryGroups() throws IOException {
    UserResolver.Ids ids = UserResolver.resolve(rootfs, "app:staff");

    assertThat(ids.uid()).isEqualTo(1000);
    assertThat(ids.gid()).isEqualTo(50);
    assertThat(ids.additionalGids()).isEmpty();
  }

  @Test
  void uidAndGidAreUsedAsGiven() throws IOException {
    UserResolver.Ids ids = UserResolver.resolve(rootfs, "4242:4343");

    assertThat(ids.uid()).isEqualTo(4242);
    assertThat(ids.gid()).isEqualTo(4343);
  }

  @Test
  void numericGroupFoundInGroupFile() throws IOException {
    assertThat(UserResolver.resolve(rootfs, "app:44").gid()).isEqualTo(44);
  }

  @Test
  void emptyHomeFieldMeansSlash() throws IOException {
    assertThat(UserResolver.resolve(rootfs, "nohome").home()).isEqualTo("/");
  }

  @Test
  void unknownNameIs400WithDockersMessage() {
    assertThatThrownBy(() -> UserResolver.resolve(rootfs, "x"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().code()).isEqualTo(400))
        .hasMessage("unable to find user x: no matching entries in passwd file");
  }

  @Test
  void unknownGroupNameIs400() {
    assertThatThrownBy(() -> UserResolver.resolve(rootfs, "app:wheel"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().code()).isEqualTo(400))
        .hasMessage("unable to find group wheel: no matching entries in group file");
  }

  @Test
  void imageWithoutPasswdStillTakesNumericIds() throws IOException {
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.delete(rootfs.resolve("etc/group"));

    assertThat(UserResolver.resolve(rootfs, "33:33")).isEqualTo(new UserResolver.Ids(33, 33, java.util.List.of(), "/"));
  }

  @Test
  void imageWithoutPasswdRejectsNames() throws IOException {
    Files.delete(rootfs.resolve("etc/passwd"));

    assertThatThrownBy(() -> UserResolver.resolve(rootfs, "app")).isInstanceOf(ApiException.class);
  }

  @Test
  void passwdThatIsASymlinkIsNotFollowed() throws IOException {
    Path outside = Files.writeString(rootfs.getParent().resolve(rootfs.getFileName() + "-host-passwd"),
        "hostuser:x:777:777::/home/hostuser:/bin/sh\n");
    try {
      Files.delete(rootfs.resolve("etc/passwd"));
      Files.createSymbolicLink(rootfs.resolve("etc/passwd"), outside);

      assertThatThrownBy(() -> UserResolver.resolve(rootfs, "hostuser")).isInstanceOf(ApiException.class);
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void emptyUserPartMeansRootWithTheGivenGroup() throws IOException {
    UserResolver.Ids ids = UserResolver.resolve(rootfs, ":50");

    assertThat(ids.uid()).isZero();
    assertThat(ids.gid()).isEqualTo(50);
  }
}
