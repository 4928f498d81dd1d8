package dev.berth.daemon.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FFM calls behind exec -t: passing a descriptor over a unix socket, and FIFOs without readers. */
class LibCTerminalTest {
  @Test
  void aDescriptorSentWithScmRightsArrivesAndWorks() throws IOException {
    int[] carrier = LibC.socketPair();
    int[] payload = LibC.socketPair();
    try {
      LibC.sendFd(carrier[0], payload[0], "/dev/pts/7");
      int received = LibC.receiveFd(carrier[1]);
      try {
        assertThat(received).isNotIn(carrier[0], carrier[1], payload[0], payload[1]);
        // what is written through the received copy comes out of the payload pair's other end
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        LibC.writeFully(received, hello, 0, hello.length);
        assertThat(readSome(payload[1])).isEqualTo("hello");
      } finally {
        LibC.close(received);
      }
    } finally {
      for (int fd : new int[] {carrier[0], carrier[1], payload[0], payload[1]}) {
        LibC.close(fd);
      }
    }
  }

  @Test
  void aMessageWithoutADescriptorIsAClearError() throws IOException {
    int[] pair = LibC.socketPair();
    try {
      byte[] plain = "no fd".getBytes(StandardCharsets.US_ASCII);
      LibC.writeFully(pair[0], plain, 0, plain.length);
      assertThatThrownBy(() -> LibC.receiveFd(pair[1])).isInstanceOf(IOException.class)
          .hasMessageContaining("no file descriptor");
    } finally {
      LibC.close(pair[0]);
      LibC.close(pair[1]);
    }
  }

  @Test
  void aListeningSocketAcceptsAndTimesOutWhenNobodyComes(@TempDir Path dir) throws IOException {
    int listener = LibC.listenUnix(dir, "c.sock");
    try {
      assertThat(Files.exists(dir.resolve("c.sock"))).isTrue();
      assertThat(LibC.accept(listener, 10)).isEqualTo(-1);
    } finally {
      LibC.close(listener);
    }
  }

  @Test
  void aFifoWithoutAReaderFailsAtOnce(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("ctl");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    assertThatThrownBy(() -> LibC.openFifoForWrite(fifo.toString())).isInstanceOf(IOException.class)
        .hasMessageContaining("No such device or address");
  }

  @Test
  void theWindowSizeOfASocketIsRefused() throws IOException {
    int[] pair = LibC.socketPair();
    try {
      assertThatThrownBy(() -> LibC.setWindowSize(pair[0], 24, 80)).isInstanceOf(IOException.class)
          .hasMessageContaining("terminal size");
    } finally {
      LibC.close(pair[0]);
      LibC.close(pair[1]);
    }
  }

  private static String readSome(int fd) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment buf = a.allocate(64);
      int n = LibC.read(fd, buf);
      byte[] b = new byte[n];
      MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, b, 0, n);
      return new String(b, StandardCharsets.US_ASCII);
    }
  }
}
