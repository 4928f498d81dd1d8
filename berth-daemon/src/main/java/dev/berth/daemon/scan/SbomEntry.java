package dev.berth.daemon.scan;

/** A package of the final image and the layer that brought it (an index into {@link Sbom#layers()}). */
public record SbomEntry(FoundPackage pkg, int layer, String purl) {}
