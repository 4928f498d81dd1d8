package dev.berth.daemon.scan.version;

/**
 * One ecosystem's order of versions. Each ecosystem has its own rules (dpkg's {@code ~}, apk's
 * suffixes, Maven's qualifiers, PEP 440's pre-releases), and matching an advisory range with the
 * wrong one gives wrong answers, so every ecosystem names its own.
 */
public interface VersionOrder {
  /** Negative, zero or positive as {@code a} sorts before, with or after {@code b}. */
  int compare(String a, String b);

  /** The order of an OSV ecosystem ({@code Debian:12}, {@code Alpine:v3.19}, {@code Maven}, ...). */
  static VersionOrder forEcosystem(String ecosystem) {
    String base = ecosystem.contains(":") ? ecosystem.substring(0, ecosystem.indexOf(':')) : ecosystem;
    return switch (base) {
      case "Debian", "Ubuntu" -> DpkgVersion.ORDER;
      case "Alpine", "Wolfi", "Chainguard" -> ApkVersion.ORDER;
      case "Red Hat", "Rocky Linux", "AlmaLinux", "Fedora", "Oracle Linux", "Amazon Linux", "SUSE", "openSUSE",
           "Mageia", "openEuler" -> RpmVersion.ORDER;
      case "Maven" -> MavenVersion.ORDER;
      case "npm", "Go", "crates.io", "NuGet", "Hex", "Pub" -> SemVer.ORDER;
      case "PyPI" -> Pep440Version.ORDER;
      default -> NaturalVersion.ORDER;
    };
  }
}
