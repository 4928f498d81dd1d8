package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StreamFramesTest {
  @Test
  void headerIsStreamTypeThreeZerosAndBigEndianLength() {
    byte[] h = StreamFrames.header(StreamType.STDERR, 0x01020304);

    assertThat(h).containsExactly(2, 0, 0, 0, 1, 2, 3, 4);
  }

  @Test
  void streamTypesHaveDockersWireCodes() {
    assertThat(StreamType.STDIN.code()).isEqualTo((byte) 0);
    assertThat(StreamType.STDOUT.code()).isEqualTo((byte) 1);
    assertThat(StreamType.STDERR.code()).isEqualTo((byte) 2);
    assertThat(StreamType.SYSTEM.code()).isEqualTo((byte) 3);
  }

  @Test
  void frameIsHeaderThenTheSelectedPayloadBytes() {
    byte[] payload = "xxhelloxx".getBytes(StandardCharsets.US_ASCII);

    byte[] f = StreamFrames.frame(StreamType.STDOUT, payload, 2, 5);

    assertThat(Arrays.copyOf(f, 8)).containsExactly(1, 0, 0, 0, 0, 0, 0, 5);
    assertThat(new String(f, 8, f.length - 8, StandardCharsets.US_ASCII)).isEqualTo("hello");
  }

  @Test
  void readReturnsFramesInOrderThenNullAtTheEnd() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.write(StreamFrames.frame(StreamType.STDOUT, bytes("out"), 0, 3));
    wire.write(StreamFrames.frame(StreamType.STDERR, bytes("err!"), 0, 4));
    ByteArrayInputStream in = new ByteArrayInputStream(wire.toByteArray());

    StreamFrames.Frame first = StreamFrames.read(in);
    StreamFrames.Frame second = StreamFrames.read(in);

    assertThat(first.stream()).isEqualTo(StreamType.STDOUT);
    assertThat(first.payload()).isEqualTo(bytes("out"));
    assertThat(second.stream()).isEqualTo(StreamType.STDERR);
    assertThat(second.payload()).isEqualTo(bytes("err!"));
    assertThat(StreamFrames.read(in)).isNull();
  }

  @Test
  void emptyPayloadRoundTrips() throws IOException {
    byte[] f = StreamFrames.frame(StreamType.STDOUT, new byte[0], 0, 0);

    StreamFrames.Frame r = StreamFrames.read(new ByteArrayInputStream(f));

    assertThat(r.payload()).isEmpty();
  }

  @Test
  void framesLargerThan64KiBRoundTrip() throws IOException {
    byte[] big = new byte[200_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    byte[] f = StreamFrames.frame(StreamType.STDOUT, big, 0, big.length);

    StreamFrames.Frame r = StreamFrames.read(new ByteArrayInputStream(f));

    assertThat(Arrays.copyOfRange(f, 4, 8)).containsExactly(0, 0x03, 0x0d, 0x40);
    assertThat(r.payload()).isEqualTo(big);
  }

  @Test
  void endInsideAHeaderIsAnError() {
    byte[] partial = {1, 0, 0};

    assertThatThrownBy(() -> StreamFrames.read(new ByteArrayInputStream(partial)))
        .isInstanceOf(EOFException.class)
        .hasMessage("stream ended inside a frame");
  }

  @Test
  void endInsideAPayloadIsAnError() {
    byte[] f = StreamFrames.frame(StreamType.STDOUT, bytes("hello"), 0, 5);
    byte[] cut = Arrays.copyOf(f, f.length - 2);

    assertThatThrownBy(() -> StreamFrames.read(new ByteArrayInputStream(cut))).isInstanceOf(EOFException.class);
  }

  @Test
  void unknownStreamByteIsRejected() {
    byte[] f = {7, 0, 0, 0, 0, 0, 0, 0};

    assertThatThrownBy(() -> StreamFrames.read(new ByteArrayInputStream(f)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
