package dev.berth.daemon.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * rpm packages from {@code rpmdb.sqlite} (Fedora 33+, RHEL 9, Rocky/Alma 9) under
 * {@code var/lib/rpm/} or {@code usr/lib/sysimage/rpm/}, read through sqlite-jdbc, opened
 * immutable so that nothing is written into the layer. Each row of {@code Packages} is an rpm header
 * blob; name, version, release, epoch, arch and the source rpm come from its index. The Berkeley DB
 * ({@code Packages}) and NDB ({@code Packages.db}) formats are not read yet: meeting one is a warning.
 */
final class RpmCataloguer implements Cataloguer {
  private static final List<String> DIRS = List.of("var/lib/rpm", "usr/lib/sysimage/rpm");
  private static final int NAME = 1000;
  private static final int VERSION = 1001;
  private static final int RELEASE = 1002;
  private static final int EPOCH = 1003;
  private static final int ARCH = 1022;
  private static final int SOURCERPM = 1044;

  @Override
  public List<FoundPackage> read(FileSource files, Distro distro, List<String> warnings) throws IOException {
    List<FoundPackage> out = new ArrayList<>();
    for (String dir : DIRS) {
      Path sqlite = files.file(dir + "/rpmdb.sqlite");
      if (sqlite != null) {
        readSqlite(sqlite, dir + "/rpmdb.sqlite", out, warnings);
        return out;
      }
    }
    for (String dir : DIRS) {
      if (files.file(dir + "/Packages.db") != null) {
        warnings.add(dir + "/Packages.db: rpm's NDB database format is not read yet; its packages are not listed");
        return out;
      }
      if (files.file(dir + "/Packages") != null) {
        warnings.add(dir + "/Packages: rpm's Berkeley DB format is not read yet; its packages are not listed");
        return out;
      }
    }
    return out;
  }

  private static void readSqlite(Path db, String location, List<FoundPackage> out, List<String> warnings) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?immutable=1&mode=ro");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT hnum, blob FROM Packages")) {
      while (rs.next()) {
        try {
          FoundPackage p = header(rs.getBytes(2), location);
          if (p != null) {
            out.add(p);
          }
        } catch (RuntimeException e) {
          warnings.add(location + ": package header " + rs.getLong(1) + " is malformed; skipped");
        }
      }
    } catch (SQLException e) {
      warnings.add(location + ": cannot read the rpm database (" + e.getMessage() + "); its packages are not listed");
    }
  }

  /** Parses an rpm header blob: entry count, data length, 16-byte index entries, then the data store. */
  static FoundPackage header(byte[] blob, String location) {
    ByteBuffer b = ByteBuffer.wrap(blob);
    int il = b.getInt();
    int dl = b.getInt();
    if (il < 0 || dl < 0 || 8L + 16L * il + dl > blob.length) {
      throw new IllegalArgumentException("header sizes out of range");
    }
    int data = 8 + 16 * il;
    String name = null;
    String version = null;
    String release = null;
    String arch = "";
    String source = "";
    long epoch = -1;
    for (int i = 0; i < il; i++) {
      int tag = b.getInt(8 + 16 * i);
      int type = b.getInt(12 + 16 * i);
      int offset = b.getInt(16 + 16 * i);
      if (offset < 0 || offset >= dl) {
        continue;
      }
      int at = data + offset;
      switch (tag) {
        case NAME -> name = string(blob, at, data + dl);
        case VERSION -> version = string(blob, at, data + dl);
        case RELEASE -> release = string(blob, at, data + dl);
        case ARCH -> arch = string(blob, at, data + dl);
        case SOURCERPM -> source = string(blob, at, data + dl);
        case EPOCH -> {
          if (type == 4 && at + 4 <= data + dl) {
            epoch = b.getInt(at);
          }
        }
        default -> { }
      }
    }
    if (name == null || version == null || name.startsWith("gpg-pubkey")) {
      return null;
    }
    String full = (epoch > 0 ? epoch + ":" : "") + version + (release == null ? "" : "-" + release);
    String sourceName = name;
    if (source.endsWith(".src.rpm")) {
      String base = source.substring(0, source.length() - ".src.rpm".length());
      int r = base.lastIndexOf('-');
      int v = r > 0 ? base.lastIndexOf('-', r - 1) : -1;
      if (v > 0) {
        sourceName = base.substring(0, v);
      }
    }
    return new FoundPackage("rpm", name, full, sourceName, full, arch, location);
  }

  private static String string(byte[] blob, int at, int end) {
    int z = at;
    while (z < end && blob[z] != 0) {
      z++;
    }
    return new String(blob, at, z - at, StandardCharsets.UTF_8);
  }
}
