package dev.berth.daemon.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopedPathTest {
  @TempDir
  Path root;

  @Test
  void plainPathsResolveUnderTheRoot() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    assertThat(ScopedPath.resolve(root, "/etc/passwd", true)).isEqualTo(root.resolve("etc/passwd"));
    assertThat(ScopedPath.resolve(root, "etc/./x/../passwd", true)).isEqualTo(root.resolve("etc/passwd"));
  }

  @Test
  void dotDotStopsAtTheRoot() throws Exception {
    assertThat(ScopedPath.resolve(root, "/../../../etc/shadow", true)).isEqualTo(root.resolve("etc/shadow"));
  }

  @Test
  void absoluteLinksAreReadAsInsideTheRoot() throws Exception {
    Files.createSymbolicLink(root.resolve("evil"), Path.of("/etc"));
    assertThat(ScopedPath.resolve(root, "/evil/passwd", true)).isEqualTo(root.resolve("etc/passwd"));
  }

  @Test
  void relativeLinksCannotClimbOut() throws Exception {
    Files.createDirectories(root.resolve("a"));
    Files.createSymbolicLink(root.resolve("a/up"), Path.of("../../../../../tmp"));
    assertThat(ScopedPath.resolve(root, "/a/up/x", true)).isEqualTo(root.resolve("tmp/x"));
  }

  @Test
  void theLastLinkIsKeptUnlessAskedToFollow() throws Exception {
    Files.createSymbolicLink(root.resolve("link"), Path.of("/target"));
    assertThat(ScopedPath.resolve(root, "/link", false)).isEqualTo(root.resolve("link"));
    assertThat(ScopedPath.resolve(root, "/link", true)).isEqualTo(root.resolve("target"));
  }

  @Test
  void linkLoopsAreReported() throws Exception {
    Files.createSymbolicLink(root.resolve("loop"), Path.of("/loop"));
    assertThatThrownBy(() -> ScopedPath.resolve(root, "/loop/x", true)).isInstanceOf(FileSystemException.class)
        .hasMessageContaining("too many levels of symbolic links");
  }
}
