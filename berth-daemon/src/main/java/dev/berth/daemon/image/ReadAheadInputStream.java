package dev.berth.daemon.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a source stream on a platform thread of its own, in large chunks, a few chunks ahead of
 * the consumer. Adding a layer is a pipeline whose halves cost about the same: receiving, hashing,
 * decompressing and keeping the tar on one side, creating thousands of files on the other; run one
 * after the other on one thread they add up, on two threads they overlap. The source's failure is
 * thrown to the reader, in order; closing this stream stops the reading thread.
 */
final class ReadAheadInputStream extends InputStream {
  private static final int CHUNK = 256 << 10;
  private static final int AHEAD = 8;
  private static final byte[] END = new byte[0];
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
  /** Buffers the reader has finished with, reused: the daemon's young generation is small. */
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(AHEAD + 2);
  private final Thread reader;
  private volatile boolean closed;
  private byte[] current = new byte[0];
  private int pos;
  private int len;
  private boolean ended;

  ReadAheadInputStream(InputStream source, String name) {
    reader = Thread.ofPlatform().name(name).daemon().unstarted(() -> pump(source));
    reader.start();
  }

  private void pump(InputStream source) {
    try {
      while (!closed) {
        byte[] buf = free.poll();
        if (buf == null) {
          buf = new byte[CHUNK];
        }
        int n = 0;
        try {
          while (n < CHUNK) {
            int k = source.read(buf, n, CHUNK - n);
            if (k < 0) {
              break;
            }
            n += k;
          }
        } catch (Throwable t) {
          if (n > 0) {
            put(new Chunk(buf, n)); // what came before the failure is delivered first
          }
          throw t;
        }
        if (n > 0) {
          put(new Chunk(buf, n));
        }
        if (n < CHUNK) {
          put(END);
          return;
        }
      }
    } catch (Throwable t) {
      try {
        put(t);
      } catch (InterruptedException stop) {
        // closed
      }
    }
  }

  private record Chunk(byte[] bytes, int length) {}

  private void put(Object item) throws InterruptedException {
    while (!closed && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
      // wait for the consumer, unless it has gone
    }
  }

  private boolean next() throws IOException {
    if (ended) {
      return false;
    }
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
    if (item == END) {
      ended = true;
      return false;
    }
    if (item instanceof Chunk c) {
      if (current.length == CHUNK) {
        free.offer(current);
      }
      current = c.bytes();
      pos = 0;
      len = c.length();
      return true;
    }
    ended = true;
    Throwable t = (Throwable) item;
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IOException(t.getMessage(), t);
  }

  @Override
  public int read() throws IOException {
    while (pos == len) {
      if (!next()) {
        return -1;
      }
    }
    return current[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int n) throws IOException {
    if (n == 0) {
      return 0;
    }
    while (pos == len) {
      if (!next()) {
        return -1;
      }
    }
    int k = Math.min(n, len - pos);
    System.arraycopy(current, pos, b, off, k);
    pos += k;
    return k;
  }

  /** Stops the reading thread and waits for it, so the source is no longer touched once this returns. */
  @Override
  public void close() throws IOException {
    closed = true;
    queue.clear();
    reader.interrupt();
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
