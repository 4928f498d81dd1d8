package dev.berth.daemon.container;

import dev.berth.api.DetachKeys;
import dev.berth.daemon.runtime.OciRuntime;
import dev.berth.daemon.sys.LibC;
import dev.berth.daemon.sys.Subreaper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code exec -t}: the process runs on a terminal of its own. runc makes the PTY and sends its
 * master over a console socket berthd listens on (SCM_RIGHTS); berthd relays between the master
 * and the client's hijacked connection as raw bytes, sets the window size on the master, watches
 * the client's keys for the detach sequence, and reaps the process (adopted, see
 * {@link Subreaper}) for its exit code.
 *
 * <p>The session with the client ends when the process has exited and its output is drained, when
 * the client types the detach keys, or when the client goes; only the first ends the process's
 * life, the others leave it running with its output drained and discarded, as Docker does. The
 * master is closed only when every pump has let go of it, so a pump never touches a descriptor
 * number the kernel has handed to another file.
 */
final class TtyExec {
  private static final Logger LOG = LoggerFactory.getLogger(TtyExec.class);
  private static final Pattern RUNC_MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final int CONSOLE_WAIT_MS = 10_000;
  /** How long output may keep flowing after the process exited (a background child holding the terminal). */
  private static final long DRAIN_AFTER_EXIT_MS = 2_000;

  private final ExecInstance exec;
  private final CountDownLatch exited = new CountDownLatch(1);
  private final CountDownLatch outputDone = new CountDownLatch(1);
  private final CountDownLatch sessionDone = new CountDownLatch(1);
  private volatile OutputStream client;
  private volatile boolean detachedByKeys;
  // guarded by this
  private int master;
  private int users;

  private TtyExec(ExecInstance exec, int master) {
    this.exec = exec;
    this.master = master;
  }

  /**
   * Starts the process and takes its terminal. A process that could not start is reported as an
   * {@link OciRuntime.RuntimeFailure} with the runtime's reason, its exit code already recorded.
   */
  static TtyExec launch(OciRuntime runtime, String containerId, Path bundle, Path spec, ExecInstance e)
      throws IOException {
    String tag = e.id.substring(0, 12);
    String socketName = "console-" + tag + ".sock";
    Path pidFile = bundle.resolve("exec-" + tag + ".pid");
    Path errFile = bundle.resolve("exec-" + tag + ".err");
    int listener = LibC.listenUnix(bundle, socketName);
    int master;
    try {
      ProcessBuilder pb = new ProcessBuilder(runtime.execTtyCommand(containerId, spec, socketName, pidFile))
          .directory(bundle.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(errFile.toFile());
      int code;
      try {
        code = Subreaper.adopt(() -> pb.start().waitFor());
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting the exec", ie);
      }
      if (code != 0) {
        String reason = runtimeReason(errFile);
        e.exitCode = reason.contains("executable file not found") || reason.contains("no such file or directory")
            ? 127 : reason.contains("permission denied") ? 126 : 126;
        throw new OciRuntime.RuntimeFailure("OCI runtime exec failed: " + reason + ": unknown");
      }
      int conn = LibC.accept(listener, CONSOLE_WAIT_MS);
      if (conn < 0) {
        throw new IOException("the OCI runtime did not hand over the exec's terminal");
      }
      try {
        master = LibC.receiveFd(conn);
      } finally {
        LibC.close(conn);
      }
    } finally {
      LibC.close(listener);
      Files.deleteIfExists(bundle.resolve(socketName));
      Files.deleteIfExists(errFile);
    }
    int pid;
    try {
      pid = Integer.parseInt(Files.readString(pidFile).trim());
      Files.deleteIfExists(pidFile);
    } catch (IOException | NumberFormatException badPid) {
      LibC.close(master);
      throw new IOException("the OCI runtime wrote no pid for the exec");
    }
    TtyExec t = new TtyExec(e, master);
    e.pid = pid;
    e.running = true;
    e.console = t;
    int[] size = e.consoleSize;
    if (size != null) {
      t.resize(size[0], size[1]);
    }
    Thread.ofPlatform().daemon().name("exec-reap-" + pid).start(() -> t.reap(pid, spec));
    return t;
  }

  private static String runtimeReason(Path errFile) {
    try {
      String err = Files.readString(errFile, StandardCharsets.UTF_8).strip();
      String last = err;
      Matcher m = RUNC_MSG.matcher(err);
      while (m.find()) {
        last = m.group(1).replace("\\\"", "\"");
      }
      return last.isEmpty() ? "the OCI runtime could not start the process" : last;
    } catch (IOException e) {
      return "the OCI runtime could not start the process";
    }
  }

  /** Waits for the adopted process, records its exit code, then lets the session end. */
  private void reap(int pid, Path spec) {
    try {
      exec.exitCode = LibC.waitExit(pid);
    } catch (IOException e) {
      LOG.warn("exec {}: {}", exec.id.substring(0, 12), e.getMessage());
      exec.exitCode = -1;
    } finally {
      exec.running = false;
      exited.countDown();
      try {
        Files.deleteIfExists(spec);
      } catch (IOException ignored) {
        // the bundle goes with the container anyway
      }
    }
    try {
      outputDone.await(DRAIN_AFTER_EXIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sessionDone.countDown();
  }

  /** Sets the terminal's rows and columns. */
  synchronized void resize(int rows, int cols) throws IOException {
    if (master >= 0) {
      LibC.setWindowSize(master, rows, cols);
    }
  }

  /** Detached ({@code Detach: true}): the output is drained and dropped; nobody types. */
  void runDetached() {
    synchronized (this) {
      users = 1;
    }
    Thread.ofPlatform().daemon().name("exec-tty-out-" + exec.pid).start(this::pumpOutput);
  }

  /**
   * Relays until the session ends; returns whether it ended by the detach keys. {@code in} may be
   * null when the client attached no stdin.
   */
  boolean attach(OutputStream out, InputStream in, byte[] detachKeys) throws InterruptedException {
    client = out;
    synchronized (this) {
      users = in != null ? 2 : 1;
    }
    Thread.ofPlatform().daemon().name("exec-tty-out-" + exec.pid).start(this::pumpOutput);
    if (in != null) {
      Thread.ofPlatform().daemon().name("exec-tty-in-" + exec.pid).start(() -> pumpInput(in, detachKeys));
    }
    sessionDone.await();
    client = null;
    return detachedByKeys;
  }

  /** The client went away: the process runs on, its output drained. */
  void clientGone() {
    client = null;
    sessionDone.countDown();
  }

  private void pumpOutput() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(8192);
      byte[] bytes = new byte[8192];
      int fd;
      synchronized (this) {
        fd = master;
      }
      while (true) {
        int n;
        try {
          n = LibC.read(fd, buf);
        } catch (IOException eio) {
          break; // EIO: every holder of the terminal's other end has closed it
        }
        if (n <= 0) {
          break;
        }
        OutputStream out = client;
        if (out != null) {
          MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, bytes, 0, n);
          try {
            out.write(bytes, 0, n);
          } catch (IOException gone) {
            client = null; // keep draining so the process never blocks on a full terminal
          }
        }
      }
    } catch (RuntimeException | Error e) {
      LOG.warn("exec output failed", e);
    } finally {
      outputDone.countDown();
      release();
    }
  }

  private void pumpInput(InputStream in, byte[] detachKeys) {
    DetachKeys.Scanner keys = new DetachKeys.Scanner(detachKeys);
    byte[] buf = new byte[8192];
    try {
      int n;
      while (exited.getCount() > 0 && (n = in.read(buf)) >= 0) {
        byte[] pass = keys.feed(buf, 0, n);
        if (pass.length > 0) {
          int fd;
          synchronized (this) {
            fd = master;
          }
          LibC.writeFully(fd, pass, 0, pass.length);
        }
        if (keys.detached()) {
          detachedByKeys = true;
          sessionDone.countDown();
          return;
        }
      }
    } catch (IOException e) {
      LOG.debug("exec input ended: {}", e.getMessage());
    } finally {
      release();
    }
  }

  /** A pump lets go of the master; the last one closes it. */
  private synchronized void release() {
    if (--users <= 0 && master >= 0) {
      LibC.close(master);
      master = -1;
    }
  }
}
