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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client attached to a container through conmon's attach socket (a SEQPACKET socket whose
 * packets start with a byte naming the pipe: 2 stdout, 3 stderr). Output is forwarded to the client
 * framed with Docker's 8-byte headers, or raw for a TTY; the client's input goes to the container's
 * stdin, and the client's end of input half-closes it so the container sees EOF.
 *
 * <p>The pumps run on platform threads: they block in native reads, which would pin a virtual
 * thread's carrier.
 */
final class AttachSession {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AttachSession.class);
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
  private final Runnable onEnd;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile int fd = -1;

  /**
   * A session is registered with the container before the client is told the connection is
   * hijacked: a client may start the container the moment it hears so, and the start must find
   * the session. The client's streams are bound afterwards; the pumps wait for them.
   */
  AttachSession(boolean stdin, boolean stdout, boolean stderr, boolean tty, Runnable onEnd) {
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
    this.tty = tty;
    this.onEnd = onEnd;
  }

  /** Hands over the client's two streams once the connection is hijacked. */
  void bind(OutputStream client, InputStream clientInput) {
    this.client = client;
    this.clientInput = clientInput;
    bound.countDown();
  }

  boolean ended() {
    return ended.get();
  }

  /** Connects to the container's attach socket and starts pumping. */
  void connect(Path bundle) throws IOException {
    fd = LibC.connectSeqPacket(bundle, "attach");
    Thread.ofPlatform().daemon().name("attach-out-" + fd).start(this::pumpOutput);
    if (stdin) {
      Thread.ofPlatform().daemon().name("attach-in-" + fd).start(this::pumpInput);
    }
  }

  /** Ends the session without a container exit: the container is gone or never started. */
  void end() {
    int f = fd;
    if (f >= 0) {
      LibC.shutdown(f);
    } else {
      finish();
    }
  }

  void awaitEnd() throws InterruptedException {
    done.await();
  }

  private void pumpOutput() {
    try (Arena arena = Arena.ofConfined()) {
      bound.await();
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
          client.write(bytes, 1, n - 1);
        } else {
          client.write(StreamFrames.frame(pipe == PIPE_STDOUT ? StreamType.STDOUT : StreamType.STDERR, bytes, 1,
              n - 1));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("attach output ended: {}", e.getMessage());
    } catch (RuntimeException | Error e) {
      LOG.warn("attach output failed", e);
    } finally {
      finish();
    }
  }

  private void pumpInput() {
    byte[] buf = new byte[8192];
    try {
      bound.await();
      int n;
      while ((n = clientInput.read(buf)) > 0) {
        LibC.writeFully(fd, buf, 0, n);
      }
      LibC.shutdownWrite(fd);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("attach input ended: {}", e.getMessage());
    } catch (RuntimeException | Error e) {
      LOG.warn("attach input failed", e);
    }
  }

  private void finish() {
    if (ended.compareAndSet(false, true)) {
      int f = fd;
      fd = -1;
      if (f >= 0) {
        LibC.close(f);
      }
      try {
        onEnd.run();
      } finally {
        done.countDown();
      }
    }
  }
}
