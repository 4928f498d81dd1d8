package dev.berth.daemon.volume;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.daemon.store.MetadataStore;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Volume records in the metadata database, one JSON document per name. */
final class VolumeStore {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .findAndAddModules()
      .build();

  private final MetadataStore db;

  VolumeStore(MetadataStore db) throws SQLException {
    this.db = db;
    db.update("CREATE TABLE IF NOT EXISTS volumes (name TEXT PRIMARY KEY, document TEXT NOT NULL)");
  }

  /** Adds the volume unless one of that name exists; true when this call added it. */
  boolean insert(Volume v) throws SQLException {
    return db.update("INSERT OR IGNORE INTO volumes(name, document) VALUES (?,?)", v.name(), encode(v)) == 1;
  }

  Optional<Volume> get(String name) throws SQLException {
    return db.strings("SELECT document FROM volumes WHERE name=?", name).stream().findFirst().map(VolumeStore::decode);
  }

  List<Volume> all() throws SQLException {
    return db.strings("SELECT document FROM volumes ORDER BY name").stream().map(VolumeStore::decode).toList();
  }

  void delete(String name) throws SQLException {
    db.update("DELETE FROM volumes WHERE name=?", name);
  }

  private static String encode(Volume v) {
    try {
      return MAPPER.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Volume decode(String doc) {
    try {
      return MAPPER.readValue(doc, Volume.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
