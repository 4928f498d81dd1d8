package dev.berth.daemon.distribution;

import dev.berth.daemon.store.MetadataStore;
import java.sql.SQLException;
import java.util.List;

/**
 * What Berth knows of each layer's compressed form: for a diffID, the digest, size and media type
 * of a compressed blob that unpacks to it, and the registry repositories known to hold that blob.
 * Pulls record where a layer came from; pushes record what they uploaded. A push looks here first,
 * so a layer the registry already has is neither compressed nor sent again (and is mounted from
 * another repository of the same registry when possible), and a re-push names the same digests.
 */
final class LayerSources {
  private final MetadataStore db;

  /** A compressed blob of a layer, and one repository ({@code host/path}) that has it, if known. */
  record Source(String diffId, String digest, long size, String mediaType, String repository) {}

  LayerSources(MetadataStore db) throws SQLException {
    this.db = db;
    db.update("""
        CREATE TABLE IF NOT EXISTS layer_sources (
          diff_id TEXT NOT NULL,
          digest TEXT NOT NULL,
          size INTEGER NOT NULL,
          media_type TEXT NOT NULL,
          repository TEXT NOT NULL,
          PRIMARY KEY (diff_id, digest, repository))""");
  }

  void record(String diffId, String digest, long size, String mediaType, String repository) throws SQLException {
    db.update("INSERT OR REPLACE INTO layer_sources(diff_id, digest, size, media_type, repository) VALUES (?,?,?,?,?)",
        diffId, digest, size, mediaType, repository);
  }

  /** Every known compressed form of a layer; those in {@code preferHost}'s repositories first. */
  List<Source> of(String diffId, String preferHost) throws SQLException {
    return db.read(c -> {
      try (var ps = c.prepareStatement("SELECT diff_id, digest, size, media_type, repository FROM layer_sources "
          + "WHERE diff_id=? ORDER BY (repository LIKE ?) DESC, rowid DESC")) {
        ps.setString(1, diffId);
        ps.setString(2, preferHost + "/%");
        try (var rs = ps.executeQuery()) {
          List<Source> out = new java.util.ArrayList<>();
          while (rs.next()) {
            out.add(new Source(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
          }
          return out;
        }
      }
    });
  }
}
