package dev.berth.daemon.scan;

import dev.berth.daemon.sys.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small layer trees the tests write: files, whiteouts and opaque directories as overlayfs keeps them. */
final class ScanTrees {
  private ScanTrees() {}

  static Path write(Path root, String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  static void whiteout(Path root, String rel) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    LibC.mknod(p.toString(), LibC.S_IFCHR, 0);
  }

  static void opaque(Path root, String rel) throws IOException {
    Path p = Files.createDirectories(root.resolve(rel));
    LibC.lsetxattr(p.toString(), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
  }

  static String dpkg(String name, String version, String source) {
    return "Package: " + name + "\nStatus: install ok installed\nArchitecture: amd64\n"
        + (source == null ? "" : "Source: " + source + "\n") + "Version: " + version + "\nDescription: test\n two lines\n\n";
  }
}
