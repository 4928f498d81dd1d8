package dev.berth.daemon.container;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.store.MetadataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Containers in memory for fast lookups and listing, written through to SQLite on every change so
 * that what the API acknowledged survives a crash. The unique index on names makes two concurrent
 * creates with one name resolve to exactly one winner.
 */
final class ContainerStore {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
      .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .findAndAddModules()
      .build();

  private final MetadataStore db;
  private final Map<String, Container> byId = new ConcurrentHashMap<>();

  ContainerStore(MetadataStore db) throws SQLException {
    this.db = db;
    for (String doc : db.strings("SELECT document FROM containers")) {
      Container c = decode(doc);
      byId.put(c.id, c);
    }
  }

  /** Adds a new container; 409 when its name is taken. */
  void insert(Container c) throws SQLException {
    try {
      db.update("INSERT INTO containers(id, name, image_id, document) VALUES (?,?,?,?)", c.id, c.name, c.imageId,
          encode(c));
    } catch (SQLException e) {
      if (MetadataStore.isUniqueViolation(e)) {
        throw nameConflict(c.name);
      }
      throw e;
    }
    byId.put(c.id, c);
  }

  ApiException nameConflict(String name) throws SQLException {
    List<String> holder = db.strings("SELECT id FROM containers WHERE name=?", name);
    return ApiException.conflict("Conflict. The container name \"/" + name + "\" is already in use by container \""
        + (holder.isEmpty() ? "" : holder.get(0)) + "\". You have to remove (or rename) that container to be able to reuse that name.");
  }

  /** Persists the container's current document (its name included). */
  void save(Container c) throws SQLException {
    try {
      db.update("UPDATE containers SET name=?, document=? WHERE id=?", c.name, encode(c), c.id);
    } catch (SQLException e) {
      if (MetadataStore.isUniqueViolation(e)) {
        throw nameConflict(c.name);
      }
      throw e;
    }
  }

  void delete(String id) throws SQLException {
    db.update("DELETE FROM containers WHERE id=?", id);
    byId.remove(id);
  }

  Container get(String id) {
    return byId.get(id);
  }

  /** Newest first, as docker ps lists. */
  List<Container> all() {
    List<Container> out = new ArrayList<>(byId.values());
    out.sort(Comparator.comparing((Container c) -> c.created).reversed());
    return out;
  }

  /** By full ID, exact name (with or without "/"), or unique ID prefix; null if none. */
  Container find(String ref) {
    if (ref == null || ref.isEmpty()) {
      return null;
    }
    Container exact = byId.get(ref);
    if (exact != null) {
      return exact;
    }
    String name = ref.startsWith("/") ? ref.substring(1) : ref;
    for (Container c : byId.values()) {
      if (c.name.equals(name)) {
        return c;
      }
    }
    Container found = null;
    for (Container c : byId.values()) {
      if (c.id.startsWith(ref)) {
        if (found != null) {
          throw ApiException.badRequest("multiple IDs found with provided prefix: " + ref);
        }
        found = c;
      }
    }
    return found;
  }

  private static String encode(Container c) {
    try {
      return MAPPER.writeValueAsString(c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Container decode(String doc) {
    try {
      return MAPPER.readValue(doc, Container.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
