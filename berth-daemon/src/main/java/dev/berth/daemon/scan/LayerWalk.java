package dev.berth.daemon.scan;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds language packages by walking each layer's own files once (never following links), then
 * keeps those the merged image still shows at their path — a file a later layer replaced or
 * deleted is gone — each given the lowest layer that had the same package at the same place.
 */
final class LayerWalk {
  private static final Set<String> SKIP = Set.of("proc", "sys", "dev");

  private LayerWalk() {}

  static List<LayerAttribution.Attributed> run(ImageLayers layers, List<FileCataloguer> cataloguers,
      List<String> warnings) throws IOException {
    Map<String, Integer> lowest = new HashMap<>();
    List<List<FoundPackage>> perLayer = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      List<FoundPackage> found = walk(layers.diff(i), cataloguers, warnings);
      perLayer.add(found);
      for (FoundPackage p : found) {
        lowest.putIfAbsent(p.key(), i);
      }
    }
    List<LayerAttribution.Attributed> out = new ArrayList<>();
    Map<String, Integer> visible = new HashMap<>();
    for (int i = layers.size() - 1; i >= 0; i--) {
      for (FoundPackage p : perLayer.get(i)) {
        String file = fileOf(p.location());
        Integer from = visible.computeIfAbsent(file, f -> {
          try {
            return layers.layerOf(f);
          } catch (IOException e) {
            return -1;
          }
        });
        if (from == i) {
          out.add(new LayerAttribution.Attributed(p, lowest.get(p.key())));
        }
      }
    }
    out.sort(java.util.Comparator.comparing((LayerAttribution.Attributed a) -> a.pkg().type())
        .thenComparing(a -> a.pkg().name()).thenComparing(a -> a.pkg().location()));
    return out;
  }

  /** The image file a location is in: a nested jar's location names its outer file first ({@code a.jar!lib/b.jar}). */
  private static String fileOf(String location) {
    int bang = location.indexOf('!');
    return bang < 0 ? location : location.substring(0, bang);
  }

  private static List<FoundPackage> walk(Path root, List<FileCataloguer> cataloguers, List<String> warnings)
      throws IOException {
    List<FoundPackage> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        Path rel = root.relativize(dir);
        return rel.getNameCount() == 1 && SKIP.contains(rel.toString()) ? FileVisitResult.SKIP_SUBTREE
            : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isRegularFile()) {
          return FileVisitResult.CONTINUE;
        }
        String rel = root.relativize(file).toString();
        boolean exec = attrs instanceof PosixFileAttributes px
            ? px.permissions().contains(PosixFilePermission.OWNER_EXECUTE) : executable(file);
        for (FileCataloguer c : cataloguers) {
          if (c.wants(rel, exec)) {
            try {
              out.addAll(c.read(rel, file, warnings));
            } catch (IOException | RuntimeException e) {
              warnings.add(rel + ": cannot be read (" + e.getMessage() + "); skipped");
            }
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException exc) {
        return FileVisitResult.CONTINUE;
      }
    });
    return out;
  }

  private static boolean executable(Path file) {
    try {
      return Files.getPosixFilePermissions(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          .contains(PosixFilePermission.OWNER_EXECUTE);
    } catch (IOException e) {
      return false;
    }
  }
}
