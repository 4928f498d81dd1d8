package dev.berth.daemon.image;

import dev.berth.daemon.store.AtomicFiles;
import dev.berth.daemon.store.MetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At berthd's start, removes the layer snapshots a crash left unregistered: a directory renamed
 * into place whose row was never inserted (or whose row went first on delete), and short links
 * ({@code overlay/l/XXXX}) to directories that are gone. Layers that are registered but that no
 * image uses, because the pull, load or build that added them died before its image was written,
 * are collected by {@link ImageService#collectGarbage} right after.
 */
final class LayerSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(LayerSweeper.class);

  private LayerSweeper() {}

  static void sweep(Path overlay, MetadataStore db) throws IOException, SQLException {
    Set<String> registered = new HashSet<>();
    for (String chain : db.strings("SELECT chain_id FROM layers")) {
      registered.add(Digests.hex(chain));
    }
    try (var dirs = Files.list(overlay)) {
      for (Path d : dirs.toList()) {
        String name = d.getFileName().toString();
        if (name.matches("[0-9a-f]{64}") && !registered.contains(name)) {
          LOG.info("removing layer directory {}, which was never registered", name);
          Path link = d.resolve("link");
          if (Files.isRegularFile(link)) {
            Files.deleteIfExists(overlay.resolve("l").resolve(Files.readString(link).trim()));
          }
          AtomicFiles.deleteTree(d);
        }
      }
    }
    Path links = overlay.resolve("l");
    try (var names = Files.list(links)) {
      for (Path l : names.toList()) {
        if (Files.isSymbolicLink(l) && !Files.exists(l)) {
          Files.delete(l);
        } else if (!Files.exists(l, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(l);
        }
      }
    }
  }
}
