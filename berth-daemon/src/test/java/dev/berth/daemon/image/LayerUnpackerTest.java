package dev.berth.daemon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerUnpackerTest {
  @TempDir
  Path root;

  @Test
  void aDirectoryReplacedByASymlinkIsNotWrittenThrough() {
    byte[] tar = new TarBuilder().dir("etc/").file("etc/a", "a").symlink("etc", "/tmp").file("etc/evil", "x").build();
    assertThatThrownBy(() -> LayerUnpacker.unpack(new ByteArrayInputStream(tar), root))
        .isInstanceOf(UnsafeArchiveException.class).hasMessageContaining("refusing to follow a symlink out of the layer");
    assertThat(Files.exists(Path.of("/tmp/evil"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void aDirectoryReplacedByAFileIsNotUsedAsAParent() {
    byte[] tar = new TarBuilder().dir("d/").file("d/x", "x").file("d", "now a file").file("d/y", "y").build();
    assertThatThrownBy(() -> LayerUnpacker.unpack(new ByteArrayInputStream(tar), root))
        .isInstanceOf(UnsafeArchiveException.class).hasMessageContaining("is not a directory");
  }

  @Test
  void deviceNodesAndFifosAreMadeWithoutBeingOpened() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      TarArchiveEntry dev = new TarArchiveEntry("dev/", TarArchiveEntry.LF_DIR);
      t.putArchiveEntry(dev);
      t.closeArchiveEntry();
      TarArchiveEntry ptmx = new TarArchiveEntry("dev/ptmx", TarArchiveEntry.LF_CHR);
      ptmx.setDevMajor(5);
      ptmx.setDevMinor(2);
      ptmx.setMode(0666);
      t.putArchiveEntry(ptmx);
      t.closeArchiveEntry();
      TarArchiveEntry fifo = new TarArchiveEntry("dev/queue", TarArchiveEntry.LF_FIFO);
      fifo.setMode(0600);
      t.putArchiveEntry(fifo);
      t.closeArchiveEntry();
    }
    LayerUnpacker.unpack(new ByteArrayInputStream(out.toByteArray()), root);
    assertThat(Files.getAttribute(root.resolve("dev/ptmx"), "unix:rdev", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo((5L << 8) | 2L);
    assertThat(Files.getAttribute(root.resolve("dev/ptmx"), "unix:mode", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(0020000 | 0666);
    assertThat(Files.getAttribute(root.resolve("dev/queue"), "unix:mode", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(0010000 | 0600);
  }
}
