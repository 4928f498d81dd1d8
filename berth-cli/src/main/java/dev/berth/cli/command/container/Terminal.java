package dev.berth.cli.command.container;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Raw mode and size of the controlling terminal for {@code run -it}, through stty: the JDK has no
 * termios API, and starting one stty process only happens on interactive TTY runs.
 */
final class Terminal {
  private String saved;

  static boolean isInteractive() {
    return TerminalCheck.stdinIsTerminal() && TerminalCheck.stdoutIsTerminal();
  }

  /** Puts the terminal into raw mode, remembering the previous settings. */
  void makeRaw() {
    saved = stty("-g");
    if (saved != null) {
      stty("raw -echo");
    }
  }

  void restore() {
    if (saved != null) {
      stty(saved.trim());
      saved = null;
    }
  }

  /** Rows and columns, or null when unknown. */
  static int[] size() {
    String s = stty("size");
    if (s == null) {
      return null;
    }
    String[] p = s.trim().split("\\s+");
    try {
      return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String stty(String args) {
    try {
      Process p = new ProcessBuilder("/bin/sh", "-c", "stty " + args + " < /dev/tty").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
