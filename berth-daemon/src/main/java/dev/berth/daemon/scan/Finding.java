package dev.berth.daemon.scan;

import java.util.List;

/** A vulnerability found in one package of an image: the advisory, its verdict, and the package's SBOM entry. */
public record Finding(String id, List<String> aliases, Severity severity, String status, String fixedVersion,
    String summary, String source, SbomEntry entry) {

  /** Where a user reads more: osv.dev for OSV IDs, Debian's tracker for its CVEs. */
  public String url() {
    return source.equals("debian") ? "https://security-tracker.debian.org/tracker/" + id
        : "https://osv.dev/vulnerability/" + id;
  }
}
