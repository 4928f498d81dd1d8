package dev.berth.compose.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one of the berth CLI's own commands in this JVM ({@code exec}, {@code start -a}), so that
 * compose's interactive commands use the CLI's hijacked streams, TTY handling and signal
 * forwarding instead of a copy of them.
 */
final class CliBridge {
  private CliBridge() {}

  static int run(ComposeContext ctx, List<String> argv) {
    List<String> full = new ArrayList<>();
    full.add("-H");
    full.add(ctx.daemonUri());
    full.addAll(argv);
    ctx.out().flush();
    return dev.berth.cli.Main.run(full, ctx.out(), ctx.err(), System.in, ctx.env());
  }

  static boolean stdinIsTerminal() {
    try {
      String t = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/0")).toString();
      return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty");
    } catch (java.io.IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
