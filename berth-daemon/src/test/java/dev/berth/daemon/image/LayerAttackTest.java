package dev.berth.daemon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.daemon.sys.LibC;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile layers against {@link LayerUnpacker} (run as root): a host directory with a sentinel
 * file sits next to the layer's root, and after every attack its bytes and mode are unchanged.
 */
class LayerAttackTest {
  @TempDir
  Path tmp;
  Path root;
  Path host;
  Path sentinel;
  String before;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectory(tmp.resolve("layer"));
    host = Files.createDirectory(tmp.resolve("host"));
    sentinel = Files.writeString(host.resolve("sentinel"), "host bytes\n");
    LibC.chmod(sentinel.toString(), 0644);
    LibC.chmod(host.toString(), 0755);
    before = fingerprint();
  }

  private String fingerprint() throws Exception {
    StringBuilder b = new StringBuilder();
    try (var s = Files.walk(host)) {
      for (Path p : s.sorted().toList()) {
        b.append(host.relativize(p)).append(' ')
            .append(Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)))
            .append(' ').append(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          b.append(' ').append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
        }
        b.append('\n');
      }
    }
    return b.toString();
  }

  private void assertHostUntouched() throws Exception {
    assertThat(fingerprint()).isEqualTo(before);
  }

  private void unpack(byte[] tar) throws Exception {
    LayerUnpacker.unpack(new ByteArrayInputStream(tar), root);
  }

  @Test
  void aSetuidDirectoryReplacedByALinkToAHostFileLeavesTheFileAlone() throws Exception {
    unpack(new TarBuilder().dir("x/", 04777).symlink("x", sentinel.toString()).build());
    assertHostUntouched();
    assertThat(Files.isSymbolicLink(root.resolve("x"))).isTrue();
  }

  @Test
  void aDirectoryReplacedByALinkToAHostDirectoryLeavesItAlone() throws Exception {
    unpack(new TarBuilder().dir("x/", 04777).file("x/f", "f").dir("x/y/", 0700).symlink("x", host.toString())
        .build());
    assertHostUntouched();
  }

  @Test
  void anEntryBelowALinkToTheHostIsRefused() throws Exception {
    byte[] tar = new TarBuilder().symlink("a", host.toString()).file("a/pwn", "pwned").build();
    assertThatThrownBy(() -> unpack(tar)).isInstanceOf(UnsafeArchiveException.class)
        .hasMessage("layer entry a/pwn: refusing to follow a symlink out of the layer (\"a\" is a symbolic link)");
    assertThat(host.resolve("pwn")).doesNotExist();
    assertHostUntouched();
  }

  @Test
  void anEntryBelowARelativeLinkIsRefusedToo() throws Exception {
    byte[] tar = new TarBuilder().dir("d/").symlink("d/up", "..").file("d/up/pwn", "pwned").build();
    assertThatThrownBy(() -> unpack(tar)).hasMessageContaining("refusing to follow a symlink out of the layer");
    assertHostUntouched();
  }

  @Test
  void hardLinksToHostPathsAreRefused() throws Exception {
    for (String target : new String[] {sentinel.toString(), "../host/sentinel", "../../x", "etc/passwd"}) {
      Path fresh = Files.createTempDirectory(tmp, "layer");
      byte[] tar = new TarBuilder().hardlink("l", target).build();
      assertThatThrownBy(() -> LayerUnpacker.unpack(new ByteArrayInputStream(tar), fresh))
          .isInstanceOf(UnsafeArchiveException.class).hasMessageStartingWith("layer entry l: ");
      assertThat(fresh.resolve("l")).doesNotExist();
    }
    assertHostUntouched();
  }

  @Test
  void aHardLinkThroughALinkedDirectoryIsRefused() throws Exception {
    byte[] tar = new TarBuilder().symlink("h", host.toString()).hardlink("l", "h/sentinel").build();
    assertThatThrownBy(() -> unpack(tar)).hasMessageContaining("refusing to follow a symlink out of the layer");
    assertThat(Files.getAttribute(sentinel, "unix:nlink")).isEqualTo(1);
  }

  @Test
  void aHardLinkToAnEntryOfTheLayerIsMade() throws Exception {
    unpack(new TarBuilder().dir("bin/").file("bin/a", "tool").hardlink("bin/b", "bin/a").build());
    assertThat(Files.getAttribute(root.resolve("bin/b"), "unix:nlink")).isEqualTo(2);
    assertThat(Files.readString(root.resolve("bin/b"))).isEqualTo("tool");
  }

  @Test
  void absoluteNamesAndDotDotAreRefused() throws Exception {
    assertThatThrownBy(() -> unpack(new TarBuilder().file("../host/sentinel", "x").build()))
        .hasMessageContaining("\"..\" would leave the layer");
    assertThatThrownBy(() -> unpack(new TarBuilder().file(sentinel.toString(), "x").build()))
        .hasMessageContaining("absolute paths are not allowed");
    assertHostUntouched();
  }

  @Test
  void modesOwnersAndTimesAreKept() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
      TarArchiveEntry d = new TarArchiveEntry("usr/", TarArchiveEntry.LF_DIR);
      d.setMode(040750);
      d.setIds(12, 34);
      d.setModTime(1_000_000_000_000L);
      t.putArchiveEntry(d);
      t.closeArchiveEntry();
      TarArchiveEntry f = new TarArchiveEntry("usr/su");
      f.setMode(0104755);
      f.setIds(0, 0);
      f.setSize(2);
      f.setModTime(1_100_000_000_000L);
      t.putArchiveEntry(f);
      t.write(new byte[] {'o', 'k'});
      t.closeArchiveEntry();
      TarArchiveEntry l = new TarArchiveEntry("usr/link", TarArchiveEntry.LF_SYMLINK);
      l.setLinkName("su");
      l.setIds(5, 6);
      t.putArchiveEntry(l);
      t.closeArchiveEntry();
    }
    unpack(out.toByteArray());
    Path usr = root.resolve("usr");
    assertThat(Files.getAttribute(usr, "unix:mode")).isEqualTo(040750);
    assertThat(Files.getAttribute(usr, "unix:uid")).isEqualTo(12);
    assertThat(Files.getAttribute(usr, "unix:gid")).isEqualTo(34);
    assertThat(Files.getLastModifiedTime(usr)).isEqualTo(FileTime.fromMillis(1_000_000_000_000L));
    assertThat(Files.getAttribute(usr.resolve("su"), "unix:mode")).isEqualTo(0104755);
    assertThat(Files.getLastModifiedTime(usr.resolve("su"))).isEqualTo(FileTime.fromMillis(1_100_000_000_000L));
    assertThat(Files.getAttribute(usr.resolve("link"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(5);
  }

  @Test
  void whiteoutsAndOpaqueDirectoriesBecomeWhatOverlayReads() throws Exception {
    unpack(new TarBuilder().dir("etc/").file("etc/.wh.gone", "").dir("var/").file("var/.wh..wh..opq", "")
        .file(".wh.top", "").build());
    for (Path p : new Path[] {root.resolve("etc/gone"), root.resolve("top")}) {
      assertThat(Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0020000);
      assertThat(Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0L);
    }
    assertThat(LibC.lgetxattr(root.resolve("var").toString(), "trusted.overlay.opaque")).containsExactly('y');
    assertThat(root.resolve("var/.wh..wh..opq")).doesNotExist();
  }

  @Test
  void aLaterEntryReplacesAnEarlierOne() throws Exception {
    unpack(new TarBuilder().dir("d/").file("d/x", "x").file("d", "now a file").symlink("e", "d").dir("e/")
        .file("e/y", "y").build());
    assertThat(Files.readString(root.resolve("d"))).isEqualTo("now a file");
    assertThat(Files.isDirectory(root.resolve("e"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.readString(root.resolve("e/y"))).isEqualTo("y");
  }
}
