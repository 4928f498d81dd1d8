package dev.berth.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A client command run on a real terminal, as a user at a keyboard runs it: {@code script} (from
 * bsdutils) gives the command a PTY, the test types into it and reads the screen. The terminal
 * starts at 33 rows by 99 columns; its device name is kept so that a test can change its size
 * from outside, which makes the kernel send the client SIGWINCH as a window manager would.
 */
final class PtySession implements AutoCloseable {
  private static final long PATIENCE_MS = 60_000;
  private final Process process;
  private final OutputStream keys;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
  private final Path ttyFile;
  private int mark;
  private boolean ended;

  private PtySession(Process process, Path ttyFile) {
    this.process = process;
    this.keys = process.getOutputStream();
    this.ttyFile = ttyFile;
    Thread.ofVirtual().start(() -> copy(process.getInputStream()));
  }

  /** Starts {@code command} (argv, quoted for the shell here) on a fresh terminal. */
  static PtySession start(Map<String, String> env, Path workDir, List<String> command) {
    try {
      Path tty = Files.createTempFile(workDir, "tty", ".name");
      String line = "stty rows 33 cols 99; tty > " + quote(tty.toString()) + "; exec "
          + String.join(" ", command.stream().map(PtySession::quote).toList());
      ProcessBuilder pb = new ProcessBuilder("script", "-qec", line, "/dev/null").redirectErrorStream(true);
      pb.environment().putAll(env);
      pb.environment().put("TERM", "xterm");
      return new PtySession(pb.start(), tty);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private void copy(InputStream in) {
    byte[] buf = new byte[4096];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (screen) {
          screen.write(buf, 0, n);
          screen.notifyAll();
        }
      }
    } catch (IOException ignored) {
      // the command ended
    } finally {
      synchronized (screen) {
        ended = true;
        screen.notifyAll();
      }
    }
  }

  /** Everything shown so far. */
  String screen() {
    synchronized (screen) {
      return screen.toString(StandardCharsets.UTF_8);
    }
  }

  /** Waits until {@code text} appears after what earlier expects consumed; fails with the screen if it never does. */
  PtySession expect(String text) {
    long deadline = System.currentTimeMillis() + PATIENCE_MS;
    synchronized (screen) {
      while (true) {
        String s = screen.toString(StandardCharsets.UTF_8);
        int at = s.indexOf(text, mark);
        if (at >= 0) {
          mark = at + text.length();
          return this;
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0 || ended) {
          throw new AssertionError("never saw \"" + text + "\" on the terminal:\n" + s);
        }
        try {
          screen.wait(Math.min(left, 200));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** Whether {@code text} has appeared after the mark, without waiting. */
  boolean shows(String text) {
    synchronized (screen) {
      return screen.toString(StandardCharsets.UTF_8).indexOf(text, mark) >= 0;
    }
  }

  /** Types {@code text} (a carriage return is the Enter key). */
  PtySession type(String text) {
    try {
      keys.write(text.getBytes(StandardCharsets.UTF_8));
      keys.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Resizes the terminal from outside, as a user dragging the window does. */
  void resizeWindow(int rows, int cols) throws IOException, InterruptedException {
    String tty = "";
    for (int i = 0; i < 600 && tty.isEmpty(); i++) {
      tty = Files.readString(ttyFile).strip();
      if (tty.isEmpty()) {
        Thread.sleep(100);
      }
    }
    Process p = new ProcessBuilder("stty", "-F", tty, "rows", Integer.toString(rows), "cols", Integer.toString(cols))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new AssertionError("stty -F " + tty + " failed: " + out);
    }
  }

  /** Waits for the command to end; returns its exit code. */
  int exitCode() throws InterruptedException {
    if (!process.waitFor(PATIENCE_MS, TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the command did not end; terminal:\n" + screen());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    try {
      Files.deleteIfExists(ttyFile);
    } catch (IOException ignored) {
      // a temp file
    }
  }
}
