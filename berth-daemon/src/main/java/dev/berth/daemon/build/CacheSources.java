package dev.berth.daemon.build;

import dev.berth.daemon.image.ImageRecord;
import dev.berth.daemon.image.ImageService;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The images a build may take cached steps from. Without {@code cachefrom}, every local image;
 * with it, as dockerd's classic builder does, only the named images and their ancestors, so a
 * build that names an image nobody has (docker-py's {@code cache_from=['nosuchtag']}) uses no
 * cache at all.
 */
final class CacheSources {
  private final Set<String> allowed;

  private CacheSources(Set<String> allowed) {
    this.allowed = allowed;
  }

  static CacheSources of(ImageService images, List<String> cacheFrom) throws SQLException {
    if (cacheFrom.isEmpty()) {
      return new CacheSources(null);
    }
    Set<String> allowed = new HashSet<>();
    for (String name : cacheFrom) {
      ImageRecord r = images.find(name);
      // an image named here that does not exist is skipped, as dockerd skips it
      for (String id = r == null ? null : r.id(); id != null && !id.isEmpty() && allowed.add(id);) {
        id = images.parentOf(id);
      }
    }
    return new CacheSources(allowed);
  }

  boolean allows(String imageId) {
    return allowed == null || allowed.contains(imageId);
  }
}
