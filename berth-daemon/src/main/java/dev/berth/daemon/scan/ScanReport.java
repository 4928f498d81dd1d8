package dev.berth.daemon.scan;

import java.util.List;

/**
 * An image's SBOM matched against one version of the advisory database. {@code baseLayers} is how
 * many of its layers come from its base image (the longest other local image it extends), which
 * {@code --ignore-base} leaves out.
 */
public record ScanReport(Sbom sbom, List<Finding> findings, long dbVersion, long advisories, int baseLayers) {}
