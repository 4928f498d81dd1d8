package dev.berth.daemon.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The advisory database: a SQLite file of its own ({@code scan/advisories.db} under the data
 * root), apart from the metadata store so that a large load never holds up container operations.
 * Advisories are keyed and indexed by ecosystem and package; each load is recorded with its source,
 * format, time and count.
 *
 * <p>A load runs in one transaction on the writer connection, so a file that turns out corrupt
 * halfway leaves the previous content; scans read through a second connection and, the file being
 * in WAL mode, keep seeing the last committed content while a load is under way. The database
 * version (the last load's number) keys the scan cache.
 */
public final class AdvisoryDb implements AutoCloseable {
  private static final int BATCH = 2000;
  private final Connection writer;
  private final Connection reader;
  private final Object readLock = new Object();

  public AdvisoryDb(Path file) throws SQLException, java.io.IOException {
    Files.createDirectories(file.getParent());
    writer = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = writer.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("PRAGMA busy_timeout=10000");
      s.execute("""
          CREATE TABLE IF NOT EXISTS loads (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            format TEXT NOT NULL,
            loaded_at INTEGER NOT NULL,
            records INTEGER NOT NULL)""");
      s.execute("""
          CREATE TABLE IF NOT EXISTS advisories (
            ecosystem TEXT NOT NULL,
            package TEXT NOT NULL,
            id TEXT NOT NULL,
            kind TEXT NOT NULL,
            aliases TEXT NOT NULL,
            severity TEXT NOT NULL,
            summary TEXT NOT NULL,
            data TEXT NOT NULL,
            load_id INTEGER NOT NULL,
            PRIMARY KEY (ecosystem, package, id, kind)) WITHOUT ROWID""");
      s.execute("CREATE INDEX IF NOT EXISTS advisories_by_id ON advisories(id)");
    }
    reader = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = reader.createStatement()) {
      s.execute("PRAGMA busy_timeout=10000");
      s.execute("PRAGMA query_only=1");
    }
  }

  /** Receives the advisories of one load; everything is committed or nothing. */
  public interface Sink {
    void add(Advisory a) throws SQLException;
  }

  /** A source of advisories for one load: it parses its input and hands each to the sink. */
  @FunctionalInterface
  public interface Feed {
    /** Returns the format name recorded with the load (osv, osv-zip, debian-tracker, alpine-secdb). */
    String feed(Sink sink) throws Exception;
  }

  /** The outcome of one load. */
  public record Load(long id, String source, String format, long loadedAt, long records) {}

  /**
   * Runs {@code feed} inside one transaction and records the load. Any failure rolls everything
   * back and is rethrown: the database keeps what it had.
   */
  public synchronized Load load(String source, Feed feed) throws Exception {
    writer.setAutoCommit(false);
    try (PreparedStatement ps = writer.prepareStatement(
        "INSERT OR REPLACE INTO advisories(ecosystem, package, id, kind, aliases, severity, summary, data, load_id)"
            + " VALUES (?,?,?,?,?,?,?,?,?)")) {
      long loadId;
      try (Statement s = writer.createStatement();
          ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM loads")) {
        loadId = rs.getLong(1);
      }
      long[] count = {0};
      int[] pending = {0};
      String format = feed.feed(a -> {
        ps.setString(1, a.ecosystem());
        ps.setString(2, a.pkg());
        ps.setString(3, a.id());
        ps.setString(4, a.kind());
        ps.setString(5, a.aliases());
        ps.setString(6, a.severity());
        ps.setString(7, a.summary());
        ps.setString(8, a.data());
        ps.setLong(9, loadId);
        ps.addBatch();
        count[0]++;
        if (++pending[0] >= BATCH) {
          ps.executeBatch();
          pending[0] = 0;
        }
      });
      if (pending[0] > 0) {
        ps.executeBatch();
      }
      long now = System.currentTimeMillis();
      try (PreparedStatement ins = writer.prepareStatement(
          "INSERT INTO loads(id, source, format, loaded_at, records) VALUES (?,?,?,?,?)")) {
        ins.setLong(1, loadId);
        ins.setString(2, source);
        ins.setString(3, format);
        ins.setLong(4, now);
        ins.setLong(5, count[0]);
        ins.executeUpdate();
      }
      writer.commit();
      return new Load(loadId, source, format, now, count[0]);
    } catch (Exception e) {
      writer.rollback();
      throw e;
    } finally {
      writer.setAutoCommit(true);
    }
  }

  /** The advisories about one package in one ecosystem. */
  public List<Advisory> find(String ecosystem, String pkg) throws SQLException {
    synchronized (readLock) {
      try (PreparedStatement ps = reader.prepareStatement(
          "SELECT kind, id, ecosystem, package, aliases, severity, summary, data FROM advisories"
              + " WHERE ecosystem=? AND package=?")) {
        ps.setString(1, ecosystem);
        ps.setString(2, pkg);
        List<Advisory> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Advisory(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8)));
          }
        }
        return out;
      }
    }
  }

  /** A severity some advisory under this ID (or alias) carries, or "" when none does. */
  public String severityOf(String id) throws SQLException {
    synchronized (readLock) {
      try (PreparedStatement ps = reader.prepareStatement(
          "SELECT severity FROM advisories WHERE id=? AND severity NOT IN ('', 'unknown') LIMIT 1")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : "";
        }
      }
    }
  }

  /** The number of the last load (0 when none): results computed against it stay valid until the next. */
  public long version() throws SQLException {
    synchronized (readLock) {
      try (Statement s = reader.createStatement();
          ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM loads")) {
        return rs.getLong(1);
      }
    }
  }

  /** Every load, oldest first. */
  public List<Load> loads() throws SQLException {
    synchronized (readLock) {
      try (Statement s = reader.createStatement();
          ResultSet rs = s.executeQuery("SELECT id, source, format, loaded_at, records FROM loads ORDER BY id")) {
        List<Load> out = new ArrayList<>();
        while (rs.next()) {
          out.add(new Load(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
        }
        return out;
      }
    }
  }

  /** How many advisories each ecosystem has. */
  public Map<String, Long> countsByEcosystem() throws SQLException {
    synchronized (readLock) {
      try (Statement s = reader.createStatement();
          ResultSet rs = s.executeQuery("SELECT ecosystem, COUNT(*) FROM advisories GROUP BY ecosystem ORDER BY ecosystem")) {
        Map<String, Long> out = new LinkedHashMap<>();
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
        return out;
      }
    }
  }

  @Override
  public void close() throws SQLException {
    synchronized (readLock) {
      reader.close();
    }
    synchronized (this) {
      writer.close();
    }
  }
}
