package dev.berth.daemon.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.daemon.sys.SafeTree;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker cp} into a stopped container's tree (run as root): links are followed as the
 * container would follow them, never out of its root, and read-only binds stay unwritten.
 */
class TreeExtractorTest {
  @TempDir
  Path tmp;
  Path root;
  Path host;
  Path roSource;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectory(tmp.resolve("rootfs"));
    host = Files.createDirectory(tmp.resolve("host"));
    Files.writeString(host.resolve("sentinel"), "host\n");
    roSource = Files.createDirectory(tmp.resolve("ro-source"));
    Files.writeString(roSource.resolve("kept"), "kept\n");
    Files.createDirectory(root.resolve("data"));
    Files.createDirectory(root.resolve("tmp"));
  }

  private static byte[] tar(Object... entries) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
      for (int i = 0; i < entries.length; i += 3) {
        String kind = (String) entries[i];
        String name = (String) entries[i + 1];
        String arg = (String) entries[i + 2];
        TarArchiveEntry e = switch (kind) {
          case "dir" -> new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
          case "link" -> new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
          case "hard" -> new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
          default -> new TarArchiveEntry(name, true);
        };
        if (kind.equals("dir")) {
          e.setMode(Integer.parseInt(arg, 8));
        }
        if (kind.equals("link") || kind.equals("hard")) {
          e.setLinkName(arg);
        }
        byte[] body = kind.equals("file") ? arg.getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (kind.equals("file")) {
          e.setMode(0644);
          e.setSize(body.length);
        }
        t.putArchiveEntry(e);
        t.write(body);
        t.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  private SafeTree.Options stopped() {
    return new SafeTree.Options().followLinksInRoot().describe("entry", "container").mount("/data", roSource, false);
  }

  private void extract(String dir, byte[] tar) throws Exception {
    new TreeExtractor(root, stopped(), dir, false).extract(new ByteArrayInputStream(tar));
  }

  @Test
  void anAbsoluteLinkIsFollowedInsideTheRootNotOnTheHost() throws Exception {
    extract("/", tar("link", "a", host.toString(), "file", "a/pwn", "pwned"));
    assertThat(host.resolve("pwn")).doesNotExist();
    assertThat(root.resolve(host.toString().substring(1)).resolve("pwn")).hasContent("pwned");
  }

  @Test
  void dotDotStaysAtTheRoot() throws Exception {
    extract("/tmp", tar("file", "../../../../host/sentinel", "pwned", "link", "up", "../../../..",
        "file", "up/host/x", "x"));
    assertThat(host.resolve("sentinel")).hasContent("host\n");
    assertThat(root.resolve("host/sentinel")).hasContent("pwned");
    assertThat(root.resolve("host/x")).hasContent("x");
  }

  @Test
  void aSetuidDirectoryReplacedByALinkDoesNotChmodTheTarget() throws Exception {
    extract("/", tar("dir", "x", "4777", "link", "x", host.resolve("sentinel").toString()));
    assertThat(Files.getAttribute(host.resolve("sentinel"), "unix:mode")).isEqualTo(0100644);
    assertThat(Files.isSymbolicLink(root.resolve("x"))).isTrue();
  }

  @Test
  void hardLinksReachOnlyTheContainersFiles() throws Exception {
    assertThatThrownBy(() -> extract("/tmp", tar("hard", "l", "../../../host/sentinel")))
        .isInstanceOf(TreeExtractor.RefusedException.class).hasMessageContaining("which is not in the container");
    assertThatThrownBy(() -> extract("/tmp", tar("hard", "l", host.resolve("sentinel").toString())))
        .isInstanceOf(TreeExtractor.RefusedException.class);
    assertThat(Files.getAttribute(host.resolve("sentinel"), "unix:nlink")).isEqualTo(1);
  }

  @Test
  void aReadOnlyBindIsNotWritten() throws Exception {
    assertThatThrownBy(() -> extract("/", tar("file", "data/new", "x")))
        .isInstanceOf(TreeExtractor.RefusedException.class)
        .hasMessage("entry /data/new: read-only file system (/data is mounted read-only)");
    assertThatThrownBy(() -> extract("/", tar("link", "d", "/data", "file", "d/kept", "overwritten")))
        .hasMessageContaining("read-only file system");
    assertThat(roSource.resolve("new")).doesNotExist();
    assertThat(roSource.resolve("kept")).hasContent("kept\n");
  }

  @Test
  void aWritableBindIsWrittenInPlace() throws Exception {
    SafeTree.Options rw = new SafeTree.Options().followLinksInRoot().mount("/data", roSource, true);
    new TreeExtractor(root, rw, "/", false).extract(new ByteArrayInputStream(tar("file", "data/new", "x")));
    assertThat(roSource.resolve("new")).hasContent("x");
    assertThat(root.resolve("data/new")).doesNotExist();
  }

  @Test
  void noOverwriteDirNonDirIsKept() throws Exception {
    Files.createDirectory(root.resolve("tmp/d"));
    SafeTree.Options keep = stopped().keepDirs(true);
    assertThatThrownBy(() -> new TreeExtractor(root, keep, "/tmp", false)
        .extract(new ByteArrayInputStream(tar("file", "d", "x"))))
        .hasMessageContaining("cannot overwrite directory");
    assertThat(Files.isDirectory(root.resolve("tmp/d"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}
