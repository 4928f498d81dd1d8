package dev.berth.api;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Docker's multiplexed stream framing for non-TTY attach, exec and logs: an 8-byte header
 * {@code [stream, 0, 0, 0, size as big-endian uint32]} and then {@code size} bytes of payload.
 */
public final class StreamFrames {
  public static final int HEADER_SIZE = 8;

  private StreamFrames() {}

  /** The header for a payload of {@code size} bytes on {@code stream}. */
  public static byte[] header(StreamType stream, int size) {
    return ByteBuffer.allocate(HEADER_SIZE).put(stream.code()).put((byte) 0).put((byte) 0).put((byte) 0)
        .putInt(size).array();
  }

  /** Header and payload in one array. */
  public static byte[] frame(StreamType stream, byte[] payload, int offset, int length) {
    byte[] out = new byte[HEADER_SIZE + length];
    System.arraycopy(header(stream, length), 0, out, 0, HEADER_SIZE);
    System.arraycopy(payload, offset, out, HEADER_SIZE, length);
    return out;
  }

  /** One decoded frame. */
  public record Frame(StreamType stream, byte[] payload) {}

  /** Reads the next frame, or null at a clean end of stream between frames. */
  public static Frame read(InputStream in) throws IOException {
    DataInputStream data = in instanceof DataInputStream d ? d : new DataInputStream(in);
    int first = data.read();
    if (first < 0) {
      return null;
    }
    byte[] rest = new byte[HEADER_SIZE - 1];
    try {
      data.readFully(rest);
      int size = ByteBuffer.wrap(rest, 3, 4).getInt();
      byte[] payload = new byte[size];
      data.readFully(payload);
      return new Frame(StreamType.of(first), payload);
    } catch (EOFException e) {
      throw new EOFException("stream ended inside a frame");
    }
  }
}
