package dev.berth.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client command that keeps running (docker events, docker stats): its output is collected as
 * it arrives so a test can wait for what a user would see on the screen, and {@link #close()}
 * ends it.
 */
final class StreamingCommand implements AutoCloseable {
  private final Process process;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Thread reader;

  private StreamingCommand(Process process) {
    this.process = process;
    this.reader = Thread.ofVirtual().start(() -> pump(process.getInputStream()));
    Thread.ofVirtual().start(() -> pump(process.getErrorStream()));
  }

  static StreamingCommand start(Map<String, String> env, Path binary, String... args) {
    try {
      ProcessBuilder pb = new ProcessBuilder(Command.args(binary, args));
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      return new StreamingCommand(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void pump(InputStream in) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (out) {
          out.write(buf, 0, n);
          out.notifyAll();
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  /** Everything printed so far (stdout and stderr together). */
  String output() {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** Waits until the output satisfies {@code done} (at most a minute); returns the output then. */
  String await(Predicate<String> done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    synchronized (out) {
      while (!done.test(out.toString(StandardCharsets.UTF_8))) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new AssertionError("the command never printed what was expected; it printed:\n" + output());
        }
        out.wait(Math.min(left, 500));
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** Whether it is still running. */
  boolean alive() {
    return process.isAlive();
  }

  /** Waits for it to end by itself; returns its exit code. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the command did not end; it printed:\n" + output());
    }
    reader.join();
    return process.exitValue();
  }

  static List<String> lines(String text) {
    return text.lines().toList();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
