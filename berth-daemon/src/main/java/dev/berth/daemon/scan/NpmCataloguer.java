package dev.berth.daemon.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * npm packages: every {@code node_modules/<name>/package.json} and
 * {@code node_modules/@scope/<name>/package.json}, nested node_modules included; package.json
 * files deeper inside a package (its tests, its fixtures) are not packages and are left alone.
 */
final class NpmCataloguer implements FileCataloguer {
  private static final long MAX = 4L << 20;

  @Override
  public boolean wants(String rel, boolean executable) {
    if (!rel.endsWith("/package.json")) {
      return false;
    }
    String[] p = rel.split("/");
    int n = p.length;
    return n >= 3 && p[n - 3].equals("node_modules")
        || n >= 4 && p[n - 4].equals("node_modules") && p[n - 3].startsWith("@");
  }

  @Override
  public List<FoundPackage> read(String rel, Path file, List<String> warnings) throws IOException {
    if (Files.size(file) > MAX) {
      warnings.add(rel + ": larger than 4 MiB; skipped");
      return List.of();
    }
    JsonNode pkg;
    try {
      pkg = Json.plain().readTree(file.toFile());
    } catch (IOException e) {
      warnings.add(rel + ": not valid JSON; skipped");
      return List.of();
    }
    String name = pkg.path("name").asText("");
    String version = pkg.path("version").asText("");
    if (name.isEmpty() || version.isEmpty()) {
      return List.of(); // a private or workspace manifest, not an installed package
    }
    return List.of(new FoundPackage("npm", name, version, name, version, "", rel));
  }
}
