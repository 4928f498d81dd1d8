package dev.berth.daemon.scan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which layer brought each package (Trivy's rule): the lowest layer whose own package list has the
 * package at the same version. An upgrade in a later layer belongs to that later layer, and a
 * package a later layer's rewrite of the database merely carries along stays with the layer that
 * installed it. When no layer's own list has it (the database sits behind a link, say), the layer
 * whose file the merged view reads is given.
 */
final class LayerAttribution {
  private LayerAttribution() {}

  static List<Attributed> attribute(ImageLayers layers, Cataloguer c, Distro distro, List<String> warnings)
      throws IOException {
    List<FoundPackage> merged = c.read(layers.merged(), distro, warnings);
    List<Attributed> out = new ArrayList<>(merged.size());
    if (merged.isEmpty()) {
      return out;
    }
    List<Set<String>> perLayer = new ArrayList<>();
    List<String> ignored = new ArrayList<>(); // each layer's own damage is already reported for the merged view
    for (int i = 0; i < layers.size(); i++) {
      Set<String> keys = new HashSet<>();
      for (FoundPackage p : c.read(layers.layer(i), distro, ignored)) {
        keys.add(p.key());
      }
      perLayer.add(keys);
    }
    for (FoundPackage p : merged) {
      int layer = -1;
      for (int i = 0; i < perLayer.size() && layer < 0; i++) {
        if (perLayer.get(i).contains(p.key())) {
          layer = i;
        }
      }
      if (layer < 0) {
        layer = Math.max(0, layers.layerOf(p.location()));
      }
      out.add(new Attributed(p, layer));
    }
    return out;
  }

  record Attributed(FoundPackage pkg, int layer) {}
}
