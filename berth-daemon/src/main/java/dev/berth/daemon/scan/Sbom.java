package dev.berth.daemon.scan;

import java.util.List;

/**
 * The software bill of materials of one image: what its final filesystem holds, package by
 * package, each with the layer that introduced it, plus what could not be read.
 */
public record Sbom(String imageId, List<String> tags, Distro distro, List<LayerInfo> layers, List<SbomEntry> entries,
    List<String> warnings) {}
