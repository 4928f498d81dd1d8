package dev.berth.daemon.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A request body (or, after a hijack, the client's raw bytes) as a blocking stream for the worker
 * thread, fed by the event loop. It holds at most {@link #HIGH_WATER} bytes: past that the channel
 * stops reading until the worker catches up, so a large image upload never sits in memory.
 */
final class RequestBody extends InputStream {
  private static final int HIGH_WATER = 1 << 20;
  private static final int LOW_WATER = 256 << 10;

  private final Channel channel;
  private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
  private int queued;
  private boolean ended;
  private IOException failure;

  RequestBody(Channel channel) {
    this.channel = channel;
  }

  /** Event loop: more bytes arrived; takes ownership of {@code buf}. */
  synchronized void offer(ByteBuf buf) {
    if (ended || !buf.isReadable()) {
      buf.release();
      return;
    }
    chunks.add(buf);
    queued += buf.readableBytes();
    if (queued > HIGH_WATER) {
      channel.config().setAutoRead(false);
    }
    notifyAll();
  }

  /** Event loop: the body is complete (or the client half-closed a hijacked stream). */
  synchronized void end() {
    ended = true;
    notifyAll();
  }

  /** Event loop: the connection failed before the body was complete. */
  synchronized void fail(IOException e) {
    failure = e;
    ended = true;
    notifyAll();
  }

  @Override
  public synchronized int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (chunks.isEmpty()) {
      if (ended) {
        if (failure != null) {
          throw failure;
        }
        return -1;
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while reading the request body");
      }
    }
    ByteBuf head = chunks.peek();
    int n = Math.min(len, head.readableBytes());
    head.readBytes(b, off, n);
    if (!head.isReadable()) {
      chunks.poll().release();
    }
    queued -= n;
    if (queued < LOW_WATER && !channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
      channel.read();
    }
    return n;
  }

  /** Discards what is unread; the event loop keeps draining into nothing. */
  @Override
  public synchronized void close() {
    ended = true;
    chunks.forEach(ByteBuf::release);
    chunks.clear();
    queued = 0;
    if (!channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
      channel.read();
    }
    notifyAll();
  }
}
