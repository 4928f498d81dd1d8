package dev.berth.daemon.image;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.store.MetadataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Image rows and tags in the metadata database; configs themselves also live as blobs. */
final class ImageStore {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private final MetadataStore db;

  ImageStore(MetadataStore db) {
    this.db = db;
  }

  /** Adds an image (or finds it present) and points {@code tags} at it, in one transaction. */
  void put(String id, ObjectNode config, List<String> diffIds, long size, long created, List<String> tags)
      throws SQLException {
    db.inTransaction(c -> {
      MetadataStore.update(c, "INSERT OR IGNORE INTO images(id, config, created, size, layers, added) VALUES (?,?,?,?,?,?)",
          id, config.toString(), created, size, Json.toString(diffIds), System.currentTimeMillis());
      for (String t : tags) {
        MetadataStore.update(c, "INSERT OR REPLACE INTO tags(name, image_id) VALUES (?,?)", t, id);
      }
      return null;
    });
  }

  /** An image row to add. */
  record Row(String id, ObjectNode config, List<String> diffIds, long size, long created, List<String> tags) {}

  /**
   * Adds several images and their tags in one transaction, so that a multi-image load either
   * appears whole or not at all. Returns, per tag, the image it pointed at before (if another).
   */
  java.util.Map<String, String> putAll(List<Row> rows) throws SQLException {
    return db.inTransaction(c -> {
      java.util.Map<String, String> moved = new java.util.LinkedHashMap<>();
      for (Row r : rows) {
        MetadataStore.update(c, "INSERT OR IGNORE INTO images(id, config, created, size, layers, added) VALUES (?,?,?,?,?,?)",
            r.id(), r.config().toString(), r.created(), r.size(), Json.toString(r.diffIds()), System.currentTimeMillis());
        for (String t : r.tags()) {
          try (PreparedStatement ps = c.prepareStatement("SELECT image_id FROM tags WHERE name=?")) {
            ps.setString(1, t);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next() && !rs.getString(1).equals(r.id())) {
                moved.put(t, rs.getString(1));
              }
            }
          }
          MetadataStore.update(c, "INSERT OR REPLACE INTO tags(name, image_id) VALUES (?,?)", t, r.id());
        }
      }
      return moved;
    });
  }

  /**
   * Every tag and the image it names. Repo digests ({@code repo@sha256:...}) share the table, since
   * they resolve, untag and go with their image exactly as tags do, but are not tags: left out here.
   */
  java.util.Map<String, String> allTags() throws SQLException {
    return db.read(c -> {
      java.util.Map<String, String> out = new java.util.TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT name, image_id FROM tags WHERE name NOT LIKE '%@%'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
      return out;
    });
  }

  List<ImageRecord> all() throws SQLException {
    return db.read(c -> {
      List<ImageRecord> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, config, layers, size, created FROM images ORDER BY created DESC, added DESC");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(c, rs));
        }
      }
      return out;
    });
  }

  ImageRecord byId(String id) throws SQLException {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, config, layers, size, created FROM images WHERE id=?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? row(c, rs) : null;
        }
      }
    });
  }

  String idForTag(String tag) throws SQLException {
    List<String> ids = db.strings("SELECT image_id FROM tags WHERE name=?", tag);
    return ids.isEmpty() ? null : ids.get(0);
  }

  List<String> idsWithPrefix(String hexPrefix) throws SQLException {
    return db.strings("SELECT id FROM images WHERE id LIKE ?", "sha256:" + hexPrefix.replace("%", "").replace("_", "") + "%");
  }

  void tag(String tag, String id) throws SQLException {
    db.update("INSERT OR REPLACE INTO tags(name, image_id) VALUES (?,?)", tag, id);
  }

  boolean untag(String tag) throws SQLException {
    return db.update("DELETE FROM tags WHERE name=?", tag) > 0;
  }

  void delete(String id) throws SQLException {
    db.inTransaction(c -> {
      MetadataStore.update(c, "DELETE FROM tags WHERE image_id=?", id);
      MetadataStore.update(c, "DELETE FROM images WHERE id=?", id);
      return null;
    });
  }

  List<String> allDiffChains() throws SQLException {
    List<String> out = new ArrayList<>();
    for (String layers : db.strings("SELECT layers FROM images")) {
      out.addAll(LayerStore.chainIds(parse(layers)));
    }
    return out;
  }

  private static ImageRecord row(Connection c, ResultSet rs) throws SQLException {
    String id = rs.getString(1);
    List<String> tags = new ArrayList<>();
    List<String> digests = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM tags WHERE image_id=? ORDER BY name")) {
      ps.setString(1, id);
      try (ResultSet t = ps.executeQuery()) {
        while (t.next()) {
          String name = t.getString(1);
          (name.contains("@") ? digests : tags).add(name);
        }
      }
    }
    try {
      ObjectNode config = (ObjectNode) Json.plain().readTree(rs.getString(2));
      return new ImageRecord(id, config, parse(rs.getString(3)), tags, rs.getLong(4), rs.getLong(5), digests);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> parse(String json) {
    try {
      return Json.plain().readValue(json, STRINGS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
