package dev.berth.daemon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class DecompressionTest {
  private static byte[] gzip(byte[] data, int from, int to) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(data, from, to - from);
    }
    return out.toByteArray();
  }

  @Test
  void concatenatedGzipMembersAreReadToTheEnd() throws Exception {
    byte[] data = new byte[300_000];
    new java.util.Random(1).nextBytes(data);
    ByteArrayOutputStream members = new ByteArrayOutputStream();
    members.write(gzip(data, 0, 100_000));
    members.write(gzip(data, 100_000, 250_000));
    members.write(gzip(data, 250_000, data.length));
    try (InputStream in = LayerStore.decompressed(new ByteArrayInputStream(members.toByteArray()))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void aBombStopsAtTheLimitWithOneLine() throws Exception {
    byte[] zeros = new byte[8 << 20];
    byte[] bomb = gzip(zeros, 0, zeros.length);
    try (InputStream in = LayerStore.decompressed(new ByteArrayInputStream(bomb), 1 << 20)) {
      assertThatThrownBy(() -> in.transferTo(java.io.OutputStream.nullOutputStream()))
          .isInstanceOf(IOException.class)
          .hasMessage("refusing a layer that decompresses to more than 1 MiB (a decompression bomb?); berthd's"
              + " BERTH_MAX_LAYER_UNPACKED sets the limit");
    }
    // a plain tar is returned as it is
    try (InputStream in = LayerStore.decompressed(new ByteArrayInputStream(zeros), 1 << 20)) {
      assertThat(in.readAllBytes()).hasSize(zeros.length);
    }
  }

  @Test
  void aSourceThatFailsIsReportedNotTakenForAPlainTar() {
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("the registry sent more than the 100 bytes the manifest declares");
      }
    };
    assertThatThrownBy(() -> LayerStore.decompressed(failing)).hasMessageContaining("more than the 100 bytes");
  }

  @Test
  void limitsParseWithUnits() {
    assertThat(ContentLimits.parse("8M", 1)).isEqualTo(8L << 20);
    assertThat(ContentLimits.parse("2g", 1)).isEqualTo(2L << 30);
    assertThat(ContentLimits.parse("512KB", 1)).isEqualTo(512L << 10);
    assertThat(ContentLimits.parse("12345", 1)).isEqualTo(12345);
    assertThat(ContentLimits.parse("nonsense", 7)).isEqualTo(7);
    assertThat(ContentLimits.parse(null, 7)).isEqualTo(7);
    assertThat(ContentLimits.human(1L << 40)).isEqualTo("1 TiB");
    assertThat(ContentLimits.human(1536L << 20)).isEqualTo("1.5 GiB");
    assertThat(ContentLimits.human(17)).isEqualTo("17 bytes");
  }
}
