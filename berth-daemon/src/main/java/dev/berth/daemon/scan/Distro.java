package dev.berth.daemon.scan;

import java.util.HashMap;
import java.util.Map;

/**
 * The distribution an image is built on, from {@code etc/os-release}: it selects the advisory
 * ecosystem OS packages are matched in ({@code Debian:12}, {@code Alpine:v3.19}).
 */
public record Distro(String id, String versionId, String codename, String prettyName) {
  static final Distro UNKNOWN = new Distro("", "", "", "");

  private static final Map<String, String> DEBIAN_RELEASES = Map.of("buster", "10", "bullseye", "11",
      "bookworm", "12", "trixie", "13", "forky", "14", "stretch", "9", "jessie", "8");

  /** Parses os-release text (KEY=value lines, values maybe quoted). */
  static Distro parse(String text) {
    Map<String, String> kv = new HashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq <= 0 || line.startsWith("#")) {
        continue;
      }
      String v = line.substring(eq + 1).strip();
      if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
        v = v.substring(1, v.length() - 1);
      }
      kv.put(line.substring(0, eq).strip(), v);
    }
    return new Distro(kv.getOrDefault("ID", ""), kv.getOrDefault("VERSION_ID", ""),
        kv.getOrDefault("VERSION_CODENAME", ""), kv.getOrDefault("PRETTY_NAME", ""));
  }

  boolean known() {
    return !id.isEmpty();
  }

  /** The Debian release number for a codename (bookworm = 12), or the codename itself. */
  static String debianRelease(String codename) {
    return DEBIAN_RELEASES.getOrDefault(codename, codename);
  }

  /** The OSV ecosystem of this distro's OS packages, or "" when the distro is not one Berth knows. */
  String ecosystem() {
    return switch (id) {
      case "debian" -> "Debian:" + (versionId.isEmpty() ? debianRelease(codename) : major(versionId));
      case "ubuntu" -> "Ubuntu:" + versionId;
      case "alpine" -> "Alpine:v" + majorMinor(versionId);
      case "rhel", "centos", "rocky", "almalinux", "fedora", "ol", "amzn", "opensuse-leap", "sles" ->
          osvRpmName() + ":" + major(versionId);
      default -> "";
    };
  }

  private String osvRpmName() {
    return switch (id) {
      case "rhel", "centos" -> "Red Hat";
      case "rocky" -> "Rocky Linux";
      case "almalinux" -> "AlmaLinux";
      case "fedora" -> "Fedora";
      case "ol" -> "Oracle Linux";
      case "amzn" -> "Amazon Linux";
      default -> "SUSE";
    };
  }

  /** The purl {@code distro} qualifier ({@code debian-12}, {@code 3.19.1}). */
  String purlQualifier() {
    return id.equals("alpine") ? versionId : id + "-" + versionId;
  }

  private static String major(String v) {
    int dot = v.indexOf('.');
    return dot < 0 ? v : v.substring(0, dot);
  }

  private static String majorMinor(String v) {
    String[] p = v.split("\\.");
    return p.length >= 2 ? p[0] + "." + p[1] : v;
  }
}
