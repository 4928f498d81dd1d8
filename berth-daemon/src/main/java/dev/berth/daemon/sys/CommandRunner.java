package dev.berth.daemon.sys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short helper command (runc, crun, netavark, ip, ps), feeds it its input and captures its
 * output, with a timeout that holds even when the command never closes its output.
 */
public final class CommandRunner {
  /** What a finished command left. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** The most useful line of its complaint: runc logs {@code level=error msg="..."}. */
    public String error() {
      String text = stderr.isBlank() ? stdout : stderr;
      for (String line : text.split("\n")) {
        int i = line.indexOf("msg=\"");
        if (i >= 0) {
          String m = line.substring(i + 5);
          int end = m.lastIndexOf('"');
          return (end > 0 ? m.substring(0, end) : m).replace("\\\"", "\"");
        }
      }
      return text.strip();
    }
  }

  private CommandRunner() {}

  public static Result run(List<String> command, long timeoutSeconds) throws IOException {
    return run(command, null, timeoutSeconds);
  }

  /** Runs {@code command} with {@code input} (or nothing) on its stdin. */
  public static Result run(List<String> command, byte[] input, long timeoutSeconds) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    if (input == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process p = pb.start();
    if (input != null) {
      try (var in = p.getOutputStream()) {
        in.write(input);
      }
    }
    try {
      // Both pipes are small for these commands; read stderr on the side to avoid a stall.
      var err = new java.util.concurrent.CompletableFuture<String>();
      Thread.ofVirtual().start(() -> {
        try {
          err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          err.complete("");
        }
      });
      var out = new java.util.concurrent.CompletableFuture<String>();
      Thread.ofVirtual().start(() -> {
        try {
          out.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          out.complete("");
        }
      });
      // the timeout must hold even when the command never closes its output
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + ": timed out");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
