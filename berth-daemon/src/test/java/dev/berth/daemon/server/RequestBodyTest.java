package dev.berth.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestBodyTest {
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final RequestBody body = new RequestBody(channel);

  @AfterEach
  void tearDown() {
    channel.finishAndReleaseAll();
  }

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  @Test
  void readsOfferedChunksInOrderThenEnds() throws IOException {
    body.offer(bytes("hello "));
    body.offer(bytes("world"));
    body.end();

    assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
    assertThat(body.read()).isEqualTo(-1);
  }

  @Test
  void singleByteReadsWork() throws IOException {
    body.offer(bytes("ab"));
    body.end();

    assertThat(body.read()).isEqualTo('a');
    assertThat(body.read()).isEqualTo('b');
    assertThat(body.read()).isEqualTo(-1);
  }

  @Test
  void failureSurfacesAfterTheBufferedBytes() throws IOException {
    body.offer(bytes("xy"));
    body.fail(new IOException("client disconnected"));

    assertThat(body.readNBytes(2)).containsExactly('x', 'y');
    assertThatThrownBy(body::read).isInstanceOf(IOException.class).hasMessage("client disconnected");
  }

  @Test
  void bytesOfferedAfterTheEndAreDroppedAndReleased() throws IOException {
    body.end();
    ByteBuf late = bytes("late");

    body.offer(late);

    assertThat(late.refCnt()).isZero();
    assertThat(body.read()).isEqualTo(-1);
  }

  @Test
  void tooMuchUnreadInputPausesReadingUntilTheReaderCatchesUp() throws IOException {
    body.offer(Unpooled.wrappedBuffer(new byte[(1 << 20) + 1]));

    assertThat(channel.config().isAutoRead()).isFalse();

    body.readNBytes(900 << 10);

    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void closeReleasesWhatIsUnreadAndResumesReading() throws IOException {
    ByteBuf big = Unpooled.wrappedBuffer(new byte[(1 << 20) + 1]);
    body.offer(big);

    body.close();

    assertThat(big.refCnt()).isZero();
    assertThat(channel.config().isAutoRead()).isTrue();
    assertThat(body.read()).isEqualTo(-1);
  }

  @Test
  void blockedReaderWakesWhenBytesArrive() throws Exception {
    Thread feeder = Thread.ofVirtual().start(() -> {
      body.offer(bytes("late"));
      body.end();
    });

    assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("late");
    feeder.join();
  }
}
