package dev.berth.daemon.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian packages: {@code var/lib/dpkg/status}, and every file of {@code var/lib/dpkg/status.d/}
 * (distroless images write one per package there) except the {@code .md5sums} beside them.
 * Packages dpkg has been told to remove ({@code deinstall}, {@code purge}) or that are gone but for
 * their config files are not installed and are left out. {@code Source: name (version)} is kept,
 * since Debian's advisories are keyed by source package.
 */
final class DpkgCataloguer implements Cataloguer {
  static final String STATUS = "var/lib/dpkg/status";
  static final String STATUS_D = "var/lib/dpkg/status.d";

  @Override
  public List<FoundPackage> read(FileSource files, Distro distro, List<String> warnings) throws IOException {
    List<FoundPackage> out = new ArrayList<>();
    Path status = files.file(STATUS);
    if (status != null) {
      parse(Files.readString(status, StandardCharsets.UTF_8), STATUS, out, warnings);
    }
    for (String name : files.list(STATUS_D)) {
      if (name.endsWith(".md5sums")) {
        continue;
      }
      Path f = files.file(STATUS_D + "/" + name);
      if (f != null) {
        parse(Files.readString(f, StandardCharsets.UTF_8), STATUS_D + "/" + name, out, warnings);
      }
    }
    return out;
  }

  /** Parses control paragraphs (RFC 822-like, blank-line separated, continuation lines indented). */
  static void parse(String text, String location, List<FoundPackage> out, List<String> warnings) {
    int n = 0;
    for (String para : text.split("\n\\s*\n")) {
      if (para.isBlank()) {
        continue;
      }
      n++;
      Map<String, String> f = fields(para);
      String name = f.get("Package");
      String version = f.get("Version");
      if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
        warnings.add(location + ": entry " + n + " has no " + (name == null || name.isEmpty() ? "Package" : "Version")
            + " field; skipped");
        continue;
      }
      if (!installed(f.get("Status"))) {
        continue;
      }
      String sourceName = name;
      String sourceVersion = version;
      String source = f.get("Source");
      if (source != null && !source.isBlank()) {
        int paren = source.indexOf('(');
        if (paren >= 0 && source.endsWith(")")) {
          sourceName = source.substring(0, paren).strip();
          sourceVersion = source.substring(paren + 1, source.length() - 1).strip();
        } else {
          sourceName = source.strip();
        }
      }
      out.add(new FoundPackage("deb", name, version, sourceName, sourceVersion, f.getOrDefault("Architecture", ""),
          location));
    }
  }

  /** dpkg's Status is "want flag state": installed unless it is to be removed or is not unpacked. */
  private static boolean installed(String status) {
    if (status == null) {
      return true; // distroless status.d entries carry none
    }
    String[] w = status.strip().split("\\s+");
    if (w.length != 3) {
      return false;
    }
    return !w[0].equals("deinstall") && !w[0].equals("purge") && !w[2].equals("not-installed")
        && !w[2].equals("config-files");
  }

  private static Map<String, String> fields(String para) {
    Map<String, String> f = new LinkedHashMap<>();
    String last = null;
    for (String line : para.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
        continue; // continuation of a multi-line field (Description, Conffiles): not needed
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      last = line.substring(0, colon);
      f.put(last, line.substring(colon + 1).strip());
    }
    return f;
  }
}
