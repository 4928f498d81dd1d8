package dev.berth.daemon.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Berth's metadata: images, tags, layers and containers in one SQLite database in WAL mode with
 * {@code synchronous=FULL}, so that a committed transaction survives kill -9 and power loss and a
 * crash mid-transaction leaves the previous state (the model Podman settled on).
 *
 * <p>SQLite allows one writer at a time; the store serializes all access on one connection, which
 * is simple and fast enough for a daemon whose writes are a few per container operation.
 */
public final class MetadataStore implements AutoCloseable {
  private static final int SCHEMA_VERSION = 1;
  private final Connection conn;

  /** A unit of work run inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  public MetadataStore(Path file) throws SQLException {
    conn = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = conn.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      s.execute("PRAGMA foreign_keys=ON");
      s.execute("PRAGMA busy_timeout=5000");
    }
    migrate();
  }

  private void migrate() throws SQLException {
    inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        s.execute("""
            CREATE TABLE IF NOT EXISTS images (
              id TEXT PRIMARY KEY,
              config TEXT NOT NULL,
              created INTEGER NOT NULL,
              size INTEGER NOT NULL,
              layers TEXT NOT NULL,
              added INTEGER NOT NULL)""");
        s.execute("""
            CREATE TABLE IF NOT EXISTS tags (
              name TEXT PRIMARY KEY,
              image_id TEXT NOT NULL REFERENCES images(id))""");
        s.execute("CREATE INDEX IF NOT EXISTS tags_by_image ON tags(image_id)");
        s.execute("""
            CREATE TABLE IF NOT EXISTS layers (
              chain_id TEXT PRIMARY KEY,
              diff_id TEXT NOT NULL,
              parent TEXT,
              size INTEGER NOT NULL)""");
        s.execute("""
            CREATE TABLE IF NOT EXISTS containers (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              image_id TEXT NOT NULL,
              document TEXT NOT NULL)""");
        s.execute("""
            CREATE TABLE IF NOT EXISTS networks (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              document TEXT NOT NULL)""");
        try (ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
          if (!rs.next()) {
            s.execute("INSERT INTO schema_version VALUES (" + SCHEMA_VERSION + ")");
          } else if (rs.getInt(1) > SCHEMA_VERSION) {
            throw new SQLException("metadata schema " + rs.getInt(1) + " is newer than this berthd understands ("
                + SCHEMA_VERSION + ")");
          }
        }
      }
      return null;
    });
  }

  /** Runs {@code work} in one transaction: all of it is committed, or none. */
  public synchronized <T> T inTransaction(Work<T> work) throws SQLException {
    conn.setAutoCommit(false);
    try {
      T result = work.run(conn);
      conn.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      conn.rollback();
      throw e;
    } finally {
      conn.setAutoCommit(true);
    }
  }

  /** Runs a read; SQLite gives it a consistent snapshot. */
  public synchronized <T> T read(Work<T> work) throws SQLException {
    return work.run(conn);
  }

  /** Convenience: one column of strings from a query with positional parameters. */
  public List<String> strings(String sql, Object... params) throws SQLException {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, params);
        try (ResultSet rs = ps.executeQuery()) {
          List<String> out = new ArrayList<>();
          while (rs.next()) {
            out.add(rs.getString(1));
          }
          return out;
        }
      }
    });
  }

  /** Convenience: one statement with positional parameters, in its own transaction. */
  public int update(String sql, Object... params) throws SQLException {
    return inTransaction(c -> update(c, sql, params));
  }

  public static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    }
  }

  public static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
  }

  /** Whether an exception is SQLite's unique-constraint failure (a name taken concurrently). */
  public static boolean isUniqueViolation(SQLException e) {
    return e.getMessage() != null && e.getMessage().contains("UNIQUE constraint failed");
  }

  @Override
  public synchronized void close() throws SQLException {
    conn.close();
  }
}
