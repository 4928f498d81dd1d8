package dev.berth.daemon.container;

import dev.berth.api.StreamFrames;
import dev.berth.api.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * dockerd frames an exec's output by what {@code POST /exec/{id}/start} asks ({@code "Tty"} in
 * its body), not by how the exec was created. An exec made with a terminal but started without
 * one (docker-py's default) gets its terminal output in stdout frames; one made without a
 * terminal but started with one gets raw bytes. These wrap the client's stream to give that shape.
 */
final class ExecStreamShape {
  private ExecStreamShape() {}

  /** The wire shape for an exec with terminal {@code execTty} started with {@code startTty}. */
  static OutputStream of(OutputStream client, boolean execTty, boolean startTty) {
    if (execTty == startTty) {
      return client;
    }
    return execTty ? framed(client) : unframed(client);
  }

  /** Every write becomes one stdout frame. */
  static OutputStream framed(OutputStream client) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (len > 0) {
          client.write(StreamFrames.frame(StreamType.STDOUT, b, off, len));
        }
      }

      @Override
      public void flush() throws IOException {
        client.flush();
      }

      @Override
      public void close() throws IOException {
        client.close();
      }
    };
  }

  /** Frames in, their payloads out, stdout and stderr alike. */
  static OutputStream unframed(OutputStream client) {
    return new OutputStream() {
      private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public synchronized void write(byte[] b, int off, int len) throws IOException {
        pending.write(b, off, len);
        byte[] data = pending.toByteArray();
        int at = 0;
        while (data.length - at >= StreamFrames.HEADER_SIZE) {
          int size = java.nio.ByteBuffer.wrap(data, at + 4, 4).getInt();
          if (data.length - at - StreamFrames.HEADER_SIZE < size) {
            break;
          }
          client.write(data, at + StreamFrames.HEADER_SIZE, size);
          at += StreamFrames.HEADER_SIZE + size;
        }
        pending.reset();
        pending.write(data, at, data.length - at);
      }

      @Override
      public void flush() throws IOException {
        client.flush();
      }

      @Override
      public void close() throws IOException {
        client.close();
      }
    };
  }
}
