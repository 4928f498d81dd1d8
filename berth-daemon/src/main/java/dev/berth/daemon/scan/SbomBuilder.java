package dev.berth.daemon.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.image.ImageRecord;
import dev.berth.daemon.image.LayerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes an image's SBOM from its unpacked layers: the distro from {@code etc/os-release}, every
 * cataloguer's packages from the merged view, each attributed to its layer, and each layer named
 * by the history line that made it.
 */
final class SbomBuilder {
  private final LayerStore layerStore;
  private final List<Cataloguer> cataloguers;
  private final List<FileCataloguer> fileCataloguers;

  SbomBuilder(LayerStore layerStore, List<Cataloguer> cataloguers, List<FileCataloguer> fileCataloguers) {
    this.layerStore = layerStore;
    this.cataloguers = cataloguers;
    this.fileCataloguers = fileCataloguers;
  }

  Sbom build(ImageRecord image) throws IOException {
    List<Path> diffs = new ArrayList<>();
    for (String chain : image.chainIds()) {
      diffs.add(layerStore.diffDir(chain));
    }
    ImageLayers layers = new ImageLayers(diffs);
    Distro distro = distro(layers);
    List<String> warnings = new ArrayList<>();
    List<SbomEntry> entries = new ArrayList<>();
    for (Cataloguer c : cataloguers) {
      for (LayerAttribution.Attributed a : LayerAttribution.attribute(layers, c, distro, warnings)) {
        entries.add(new SbomEntry(a.pkg(), a.layer(), Purls.of(a.pkg(), distro)));
      }
    }
    for (LayerAttribution.Attributed a : LayerWalk.run(layers, fileCataloguers, warnings)) {
      entries.add(new SbomEntry(a.pkg(), a.layer(), Purls.of(a.pkg(), distro)));
    }
    return new Sbom(image.id(), image.tags(), distro, layerInfo(image), entries, warnings);
  }

  private static Distro distro(ImageLayers layers) throws IOException {
    for (String rel : List.of("etc/os-release", "usr/lib/os-release")) {
      Path f = layers.merged().file(rel);
      if (f != null) {
        return Distro.parse(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return Distro.UNKNOWN;
  }

  /** The history lines that made layers (those not marked {@code empty_layer}), matched to the diff IDs in order. */
  static List<LayerInfo> layerInfo(ImageRecord image) {
    List<JsonNode> made = new ArrayList<>();
    for (JsonNode h : image.config().path("history")) {
      if (!h.path("empty_layer").asBoolean(false)) {
        made.add(h);
      }
    }
    List<LayerInfo> out = new ArrayList<>();
    List<String> diffIds = image.diffIds();
    for (int i = 0; i < diffIds.size(); i++) {
      JsonNode h = i < made.size() && made.size() == diffIds.size() ? made.get(i) : null;
      out.add(new LayerInfo(i, diffIds.get(i), h == null ? "" : h.path("created_by").asText(""),
          h == null ? "" : h.path("created").asText("")));
    }
    return out;
  }
}
