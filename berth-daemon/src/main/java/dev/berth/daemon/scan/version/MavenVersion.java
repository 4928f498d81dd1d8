package dev.berth.daemon.scan.version;

import org.apache.maven.artifact.versioning.ComparableVersion;

/** Maven's order, from Maven itself ({@code maven-artifact}'s ComparableVersion): qualifiers, {@code -SNAPSHOT}, {@code .Final}. */
public final class MavenVersion {
  public static final VersionOrder ORDER = MavenVersion::compare;

  private MavenVersion() {}

  public static int compare(String a, String b) {
    return Integer.signum(new ComparableVersion(a).compareTo(new ComparableVersion(b)));
  }
}
