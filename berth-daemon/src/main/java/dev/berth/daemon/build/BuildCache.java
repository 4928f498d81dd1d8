package dev.berth.daemon.build;

import dev.berth.daemon.store.MetadataStore;
import java.sql.SQLException;
import java.util.List;

/**
 * The build cache: for an image and a step, the image the step made from it. A step's key is its
 * history line ({@code /bin/sh -c #(nop) COPY file:<content hash> in /app}, or the RUN command
 * with the build args it saw), so an unchanged step over an unchanged parent is found again, and
 * any change to a file, an arg or an earlier step misses. Kept in the metadata store, so it
 * survives restarts; an entry whose image was removed is ignored.
 */
final class BuildCache {
  private final MetadataStore db;

  BuildCache(MetadataStore db) throws SQLException {
    this.db = db;
    db.update("""
        CREATE TABLE IF NOT EXISTS build_cache (
          parent TEXT NOT NULL,
          step TEXT NOT NULL,
          image_id TEXT NOT NULL,
          PRIMARY KEY (parent, step))""");
  }

  /** The image {@code step} made from {@code parent} ("" for scratch), or null. */
  String find(String parent, String step) throws SQLException {
    List<String> hit = db.strings("SELECT image_id FROM build_cache WHERE parent=? AND step=?", parent, step);
    return hit.isEmpty() ? null : hit.get(0);
  }

  void put(String parent, String step, String imageId) throws SQLException {
    db.update("INSERT OR REPLACE INTO build_cache(parent, step, image_id) VALUES (?,?,?)", parent, step, imageId);
  }

  /** Every cached result, for prune. */
  List<String> images() throws SQLException {
    return db.strings("SELECT DISTINCT image_id FROM build_cache");
  }

  void clear() throws SQLException {
    db.update("DELETE FROM build_cache");
  }

  void forgetImage(String imageId) throws SQLException {
    db.update("DELETE FROM build_cache WHERE image_id=? OR parent=?", imageId, imageId);
  }
}
