package dev.berth.daemon.image;

import dev.berth.daemon.store.MetadataStore;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which image a build step made each image from. The builder's intermediate images are kept as
 * images (that is its cache, and it survives restarts); this relation lets {@code images} hide the
 * untagged ones that have children, as Docker does, and lets removing a built image take its
 * now-useless untagged parents with it.
 */
final class ImageParents {
  private final MetadataStore db;

  ImageParents(MetadataStore db) throws SQLException {
    this.db = db;
    db.update("CREATE TABLE IF NOT EXISTS image_parents (child TEXT PRIMARY KEY, parent TEXT NOT NULL)");
    db.update("CREATE INDEX IF NOT EXISTS image_parents_by_parent ON image_parents(parent)");
  }

  void set(String child, String parent) throws SQLException {
    db.update("INSERT OR REPLACE INTO image_parents(child, parent) VALUES (?,?)", child, parent);
  }

  String parentOf(String child) throws SQLException {
    List<String> p = db.strings("SELECT parent FROM image_parents WHERE child=?", child);
    return p.isEmpty() ? null : p.get(0);
  }

  boolean hasChildren(String id) throws SQLException {
    return !db.strings("SELECT child FROM image_parents WHERE parent=? LIMIT 1", id).isEmpty();
  }

  Set<String> withChildren() throws SQLException {
    return new HashSet<>(db.strings("SELECT DISTINCT parent FROM image_parents"));
  }

  /** An image is gone: it is no longer anyone's child (its children keep their link, now dangling). */
  void forget(String id) throws SQLException {
    db.update("DELETE FROM image_parents WHERE child=?", id);
  }
}
