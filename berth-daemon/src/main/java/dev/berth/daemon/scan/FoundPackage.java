package dev.berth.daemon.scan;

/**
 * A package a cataloguer found in an image. {@code type} is the purl type (deb, apk, rpm, maven,
 * npm, pypi, golang, cargo); {@code sourceName}/{@code sourceVersion} are what OS advisories are keyed
 * by (dpkg's {@code Source:}, apk's origin, rpm's source rpm), equal to name and version when a
 * package has none; {@code location} is the file that declared it, relative to the image root.
 */
public record FoundPackage(String type, String name, String version, String sourceName, String sourceVersion,
    String arch, String location) {

  /** What layer attribution compares: the same package at the same version. */
  String key() {
    return type + "\u0000" + name + "\u0000" + version + "\u0000" + location;
  }
}
