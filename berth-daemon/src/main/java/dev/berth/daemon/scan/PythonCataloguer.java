package dev.berth.daemon.scan;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Python distributions: {@code *.dist-info/METADATA} (wheels, pip) and {@code *.egg-info/PKG-INFO}
 * or an {@code .egg-info} file (setuptools), whose RFC 822 headers give {@code Name} and
 * {@code Version}. Only the headers are read, never the long description after them.
 */
final class PythonCataloguer implements FileCataloguer {
  @Override
  public boolean wants(String rel, boolean executable) {
    return rel.endsWith(".dist-info/METADATA") || rel.endsWith(".egg-info/PKG-INFO")
        || rel.endsWith(".egg-info") && rel.contains("-packages/");
  }

  @Override
  public List<FoundPackage> read(String rel, Path file, List<String> warnings) throws IOException {
    String name = null;
    String version = null;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lines = 0;
      while ((line = r.readLine()) != null && !line.isEmpty() && lines++ < 1000) {
        if (line.startsWith("Name:")) {
          name = line.substring(5).strip();
        } else if (line.startsWith("Version:")) {
          version = line.substring(8).strip();
        }
      }
    } catch (java.nio.charset.MalformedInputException e) {
      warnings.add(rel + ": not UTF-8; skipped");
      return List.of();
    }
    if (name == null || version == null || name.isEmpty() || version.isEmpty()) {
      warnings.add(rel + ": no Name or Version header; skipped");
      return List.of();
    }
    return List.of(new FoundPackage("pypi", name, version, name, version, "", rel));
  }
}
