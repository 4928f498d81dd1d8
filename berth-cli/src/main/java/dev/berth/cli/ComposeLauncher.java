package dev.berth.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code berth compose ...} when the CLI JVM gets it (bin/berth normally hands compose to
 * bin/docker-compose before any JVM starts): runs the compose launcher beside this install as a
 * child with the same stdio. Compose runs in a JVM of its own so that its YAML and JSON-schema
 * libraries never sit on the CLI's class path.
 */
final class ComposeLauncher {
  private ComposeLauncher() {}

  static int run(List<String> args, String host, PrintStream err) {
    Path launcher = locate();
    if (launcher == null) {
      err.println("berth: compose is not installed beside this berth (bin/docker-compose not found; run make build)");
      return 1;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher.toString());
    if (host != null) {
      cmd.add("--host");
      cmd.add(host);
    }
    cmd.add("compose");
    cmd.addAll(args);
    try {
      return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    } catch (java.io.IOException e) {
      err.println("berth: cannot run " + launcher + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }

  /** bin/docker-compose of the tree whose berth-cli/target holds this class's jar. */
  private static Path locate() {
    try {
      Path jar = Path.of(ComposeLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path root = jar.getParent().getParent().getParent();
      Path p = root.resolve("bin/docker-compose");
      return Files.isExecutable(p) ? p : null;
    } catch (Exception e) {
      return null;
    }
  }
}
