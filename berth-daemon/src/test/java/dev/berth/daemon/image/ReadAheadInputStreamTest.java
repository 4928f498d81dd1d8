package dev.berth.daemon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {
  @Test
  void deliversEveryByteInOrderWhateverTheReadSizes() throws Exception {
    byte[] data = new byte[5 << 20];
    new Random(1).nextBytes(data);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    Random sizes = new Random(2);
    try (ReadAheadInputStream in = new ReadAheadInputStream(new ByteArrayInputStream(data), "t")) {
      byte[] buf = new byte[300_000];
      while (true) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        got.write(b);
        int n = in.read(buf, 0, 1 + sizes.nextInt(buf.length));
        if (n < 0) {
          break;
        }
        got.write(buf, 0, n);
      }
      assertThat(in.read()).isEqualTo(-1);
    }
    assertThat(got.toByteArray()).isEqualTo(data);
  }

  @Test
  void theSourcesFailureComesAfterTheBytesBeforeIt() throws Exception {
    InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[1000]), new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }
    });
    try (ReadAheadInputStream in = new ReadAheadInputStream(failing, "t")) {
      assertThat(in.readNBytes(1000)).hasSize(1000);
      assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("connection reset");
    }
  }

  @Test
  void closingEarlyStopsTheReaderThread() throws Exception {
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 7;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 7);
        return len;
      }
    };
    ReadAheadInputStream in = new ReadAheadInputStream(endless, "endless-reader");
    assertThat(in.read()).isEqualTo(7);
    in.close();
    assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)).doesNotContain("endless-reader");
  }
}
