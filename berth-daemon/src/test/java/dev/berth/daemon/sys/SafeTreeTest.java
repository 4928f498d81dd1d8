package dev.berth.daemon.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extractor itself, run as root in a temp dir, once with openat2 and once with the
 * component-by-component walk older kernels get: nothing outside the root changes.
 */
class SafeTreeTest {
  @TempDir
  Path tmp;
  Path root;
  Path host;
  Path sentinel;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectory(tmp.resolve("root"));
    host = Files.createDirectory(tmp.resolve("host"));
    sentinel = Files.writeString(host.resolve("sentinel"), "host\n");
    LibC.chmod(sentinel.toString(), 0644);
    Files.setLastModifiedTime(host, FileTime.fromMillis(1_000_000_000_000L));
  }

  @AfterEach
  void probeAgain() {
    Fs.openat2ForTests(null);
  }

  private SafeTree open(boolean openat2) throws Exception {
    Fs.openat2ForTests(openat2 ? null : false);
    return SafeTree.open(root, new SafeTree.Options().describe("layer entry", "layer"));
  }

  private static SafeTree.Meta meta(int mode) {
    return SafeTree.Meta.of(mode, 0, 0, Instant.ofEpochSecond(1_500_000_000L));
  }

  private static ByteArrayInputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aDirectoryReplacedByALinkKeepsItsModeAndTimeToItself(boolean openat2) throws Exception {
    try (SafeTree t = open(openat2)) {
      t.directory("x", meta(04777));
      t.file("x/f", meta(0644), bytes("f"));
      t.symlink("x", host.toString(), meta(0777));
      t.directory("y", meta(04777));
      t.symlink("y", sentinel.toString(), meta(0777));
      t.finish();
    }
    assertThat(Files.getAttribute(sentinel, "unix:mode")).isEqualTo(0100644);
    assertThat(Files.getAttribute(host, "unix:mode")).isEqualTo(040755);
    assertThat(Files.getLastModifiedTime(host)).isEqualTo(FileTime.fromMillis(1_000_000_000_000L));
    assertThat(host.resolve("f")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void nothingIsWrittenThroughALink(boolean openat2) throws Exception {
    try (SafeTree t = open(openat2)) {
      t.symlink("a", host.toString(), meta(0777));
      assertThatThrownBy(() -> t.file("a/pwn", meta(0644), bytes("x")))
          .isInstanceOf(RefusedEntry.class)
          .hasMessage("layer entry a/pwn: refusing to follow a symlink out of the layer (\"a\" is a symbolic link)");
      assertThatThrownBy(() -> t.directory("a/d", meta(0755))).isInstanceOf(RefusedEntry.class);
      assertThatThrownBy(() -> t.node("a/n", LibC.S_IFIFO, 0, meta(0644))).isInstanceOf(RefusedEntry.class);
      assertThatThrownBy(() -> t.hardlink("h", "a/sentinel")).isInstanceOf(RefusedEntry.class);
      assertThatThrownBy(() -> t.opaque("a/.wh..wh..opq", "a")).isInstanceOf(RefusedEntry.class);
      assertThatThrownBy(() -> t.whiteout("a/sentinel")).isInstanceOf(RefusedEntry.class);
      t.finish();
    }
    try (var s = Files.list(host)) {
      assertThat(s.toList()).containsExactly(sentinel);
    }
    assertThat(sentinel).hasContent("host\n");
    assertThat(Files.getAttribute(sentinel, "unix:nlink")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void entriesAreMadeWithTheirMetadata(boolean openat2) throws Exception {
    try (SafeTree t = open(openat2)) {
      t.directory("usr/bin", SafeTree.Meta.of(0751, 3, 4, Instant.ofEpochSecond(1_400_000_000L)));
      t.file("usr/bin/su", SafeTree.Meta.of(04755, 0, 0, Instant.ofEpochSecond(1_300_000_000L, 5000)), bytes("su"));
      t.hardlink("usr/bin/su2", "usr/bin/su");
      t.symlink("usr/bin/l", "su", SafeTree.Meta.of(0777, 7, 8, Instant.ofEpochSecond(1_200_000_000L)));
      t.node("usr/fifo", LibC.S_IFIFO, 0, meta(0640));
      t.file("usr/bin/su", meta(0700), bytes("replaced"));
      t.finish();
      assertThat(t.bytes()).isEqualTo(10);
    }
    Path bin = root.resolve("usr/bin");
    assertThat(Files.getAttribute(bin, "unix:mode")).isEqualTo(040751);
    assertThat(Files.getAttribute(bin, "unix:uid")).isEqualTo(3);
    assertThat(Files.getLastModifiedTime(bin).toInstant()).isEqualTo(Instant.ofEpochSecond(1_400_000_000L));
    assertThat(Files.getAttribute(bin.resolve("su2"), "unix:mode")).isEqualTo(0104755);
    assertThat(bin.resolve("su2")).hasContent("su");
    assertThat(bin.resolve("su")).hasContent("replaced");
    assertThat(Files.getAttribute(bin.resolve("l"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(7);
    assertThat(Files.getLastModifiedTime(bin.resolve("l"), LinkOption.NOFOLLOW_LINKS).toInstant())
        .isEqualTo(Instant.ofEpochSecond(1_200_000_000L));
    assertThat(Files.getAttribute(root.resolve("usr/fifo"), "unix:mode", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(0010640);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aLinkFollowedInTheRootStaysInTheRoot(boolean openat2) throws Exception {
    Fs.openat2ForTests(openat2 ? null : false);
    try (SafeTree t = SafeTree.open(root, new SafeTree.Options().followLinksInRoot())) {
      t.symlink("a", host.toString(), meta(0777));
      t.file("a/pwn", meta(0644), bytes("in"));
      t.symlink("up", "../../../..", meta(0777));
      t.file("up/up/escaped", meta(0644), bytes("in"));
      t.file("/../../abs", meta(0644), bytes("in"));
      t.finish();
    }
    assertThat(host.resolve("pwn")).doesNotExist();
    assertThat(root.resolve(host.toString().substring(1)).resolve("pwn")).hasContent("in");
    assertThat(root.resolve("escaped")).hasContent("in");
    assertThat(root.resolve("abs")).hasContent("in");
  }
}
