package dev.berth.daemon.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Alpine packages: {@code lib/apk/db/installed}, one blank-line-separated block per package with
 * one-letter keys ({@code P:} name, {@code V:} version, {@code A:} arch, {@code o:} origin, the
 * source package Alpine's secdb and OSV name).
 */
final class ApkCataloguer implements Cataloguer {
  static final String INSTALLED = "lib/apk/db/installed";

  @Override
  public List<FoundPackage> read(FileSource files, Distro distro, List<String> warnings) throws IOException {
    Path f = files.file(INSTALLED);
    List<FoundPackage> out = new ArrayList<>();
    if (f == null) {
      return out;
    }
    int n = 0;
    for (String block : Files.readString(f, StandardCharsets.UTF_8).split("\n\\s*\n")) {
      if (block.isBlank()) {
        continue;
      }
      n++;
      String name = null;
      String version = null;
      String arch = "";
      String origin = null;
      for (String line : block.split("\n")) {
        if (line.length() < 2 || line.charAt(1) != ':') {
          continue;
        }
        String v = line.substring(2).strip();
        switch (line.charAt(0)) {
          case 'P' -> name = v;
          case 'V' -> version = v;
          case 'A' -> arch = v;
          case 'o' -> origin = v;
          default -> { }
        }
      }
      if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
        warnings.add(INSTALLED + ": entry " + n + " has no " + (name == null || name.isEmpty() ? "P: (name)" : "V: (version)")
            + "; skipped");
        continue;
      }
      out.add(new FoundPackage("apk", name, version, origin == null || origin.isEmpty() ? name : origin, version, arch,
          INSTALLED));
    }
    return out;
  }
}
