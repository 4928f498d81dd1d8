package dev.berth.cli.command.container;

/** Whether the CLI's own stdin or stdout is a terminal (load, save and import refuse a TTY). */
public final class TerminalCheck {
  private TerminalCheck() {}

  public static boolean stdinIsTerminal() {
    return isTty("0");
  }

  public static boolean stdoutIsTerminal() {
    return isTty("1");
  }

  /** /proc/self/fd/N of a terminal links to /dev/pts/* or /dev/tty*. */
  private static boolean isTty(String fd) {
    try {
      String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (java.io.IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
