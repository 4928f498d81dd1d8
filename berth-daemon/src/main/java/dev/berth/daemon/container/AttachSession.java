package dev.berth.daemon.container;

import dev.berth.api.StreamFrames;
import dev.berth.api.StreamType;
import dev.berth.daemon.sys.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client attached to a container through conmon's attach socket (a SEQPACKET socket whose
 * packets start with a byte naming the pipe: 2 stdout, 3 stderr). Output is forwarded to the client
 * framed with Docker's 8-byte headers, or raw for a TTY; the client's input goes to the container's
 * stdin, and the client's end of input half-closes it so the container sees EOF.
 *
 * <p>The pumps run on platform threads: they block in native reads, which would pin a virtual
 * thread's carrier. The descriptor is closed only when every pump has let go of it, so a pump can
 * never write into a number the kernel has already handed to another file.
 */
final class AttachSession {
  private static final Logger LOG = LoggerFactory.getLogger(AttachSession.class);
  private static final int PIPE_STDOUT = 2;
  private static final int PIPE_STDERR = 3;
  private static final int PACKET = 8192 + 1;

  private volatile OutputStream client;
  private volatile InputStream clientInput;
  private final CountDownLatch bound = new CountDownLatch(1);
  private final boolean stdin;
  private final boolean stdout;
  private final boolean stderr;
  private final boolean tty;
  private final byte[] detachKeys;
  private final Runnable onEnd;
  private final CountDownLatch done = new CountDownLatch(1);
  // guarded by this
  private int fd = -1;
  private int users;
  private boolean ended;

  /**
   * A session is registered with the container before the client is told the connection is
   * hijacked: a client may start the container the moment it hears so, and the start must find
   * the session. The client's streams are bound afterwards; the pumps wait for them.
   */
  AttachSession(boolean stdin, boolean stdout, boolean stderr, boolean tty, byte[] detachKeys, Runnable onEnd) {
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
    this.tty = tty;
    this.detachKeys = detachKeys;
    this.onEnd = onEnd;
  }

  /** Hands over the client's two streams once the connection is hijacked. */
  void bind(OutputStream client, InputStream clientInput) {
    this.client = client;
    this.clientInput = clientInput;
    bound.countDown();
  }

  synchronized boolean ended() {
    return ended;
  }

  /** Connects to the container's attach socket and starts pumping. */
  void connect(Path bundle) throws IOException {
    int f = LibC.connectSeqPacket(bundle, "attach");
    synchronized (this) {
      if (ended) {
        LibC.close(f);
        return;
      }
      fd = f;
      users = stdin ? 2 : 1;
    }
    Thread.ofPlatform().daemon().name("attach-out-" + f).start(this::pumpOutput);
    if (stdin) {
      Thread.ofPlatform().daemon().name("attach-in-" + f).start(this::pumpInput);
    }
  }

  /** Ends the session without a container exit: the client went, or the container is gone. */
  void end() {
    boolean finishNow;
    synchronized (this) {
      if (ended) {
        return;
      }
      if (fd >= 0) {
        // wakes the pumps; the last one to let go closes the descriptor and finishes
        LibC.shutdown(fd);
        finishNow = false;
      } else {
        finishNow = true;
      }
    }
    bound.countDown();
    if (finishNow) {
      finish();
    }
  }

  void awaitEnd() throws InterruptedException {
    done.await();
  }

  private void pumpOutput() {
    try (Arena arena = Arena.ofConfined()) {
      bound.await();
      OutputStream out = client;
      if (out == null) {
        return;
      }
      MemorySegment buf = arena.allocate(PACKET);
      byte[] bytes = new byte[PACKET];
      while (true) {
        int n = LibC.read(fd, buf);
        if (n <= 0) {
          break;
        }
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, bytes, 0, n);
        int pipe = bytes[0];
        if (n == 1 || (pipe == PIPE_STDOUT && !stdout) || (pipe == PIPE_STDERR && !stderr)) {
          continue;
        }
        if (pipe != PIPE_STDOUT && pipe != PIPE_STDERR) {
          continue;
        }
        if (tty) {
          out.write(bytes, 1, n - 1);
        } else {
          out.write(StreamFrames.frame(pipe == PIPE_STDOUT ? StreamType.STDOUT : StreamType.STDERR, bytes, 1, n - 1));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("attach output ended: {}", e.getMessage());
    } catch (RuntimeException | Error e) {
      LOG.warn("attach output failed", e);
    } finally {
      // output is what the client waits for: once it ends, so does the session
      synchronized (this) {
        if (fd >= 0 && users > 1) {
          LibC.shutdown(fd);
        }
      }
      release();
      finish();
    }
  }

  private void pumpInput() {
    byte[] buf = new byte[8192];
    try {
      bound.await();
      InputStream in = clientInput;
      if (in == null) {
        return;
      }
      // Docker watches for the detach keys on a terminal only: other streams may carry any byte
      dev.berth.api.DetachKeys.Scanner keys = tty && detachKeys != null ? new dev.berth.api.DetachKeys.Scanner(detachKeys)
          : null;
      int n;
      while ((n = in.read(buf)) > 0) {
        if (keys == null) {
          LibC.writeFully(fd, buf, 0, n);
          continue;
        }
        byte[] pass = keys.feed(buf, 0, n);
        if (pass.length > 0) {
          LibC.writeFully(fd, pass, 0, pass.length);
        }
        if (keys.detached()) {
          LOG.debug("attach ended by the detach keys");
          end();
          return;
        }
      }
      LibC.shutdownWrite(fd);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("attach input ended: {}", e.getMessage());
    } catch (RuntimeException | Error e) {
      LOG.warn("attach input failed", e);
    } finally {
      release();
    }
  }

  /** A pump lets go of the descriptor; the last one closes it. */
  private synchronized void release() {
    if (--users == 0 && fd >= 0) {
      LibC.close(fd);
      fd = -1;
    }
  }

  private void finish() {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
    }
    try {
      onEnd.run();
    } finally {
      done.countDown();
    }
  }
}
