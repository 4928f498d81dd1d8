package dev.berth.daemon.scan;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Java archives (jar, war, ear, and Jenkins' hpi/jpi), nested ones included (Spring Boot's
 * {@code BOOT-INF/lib}, a war's {@code WEB-INF/lib}, shaded jars): every
 * {@code META-INF/maven/**}{@code /pom.properties} names a package; an archive with none is named
 * by its {@code MANIFEST.MF}, then by its file name.
 *
 * <p>Archives are hostile: nesting is followed {@value #MAX_DEPTH} levels deep, the bytes inflated
 * for one file's nested archives are capped at {@value #BUDGET_MIB} MiB, metadata entries at 1
 * MiB, entries per archive at 100,000; going past any bound stops that archive with a warning, and
 * the rest of the image is still catalogued.
 */
final class JavaCataloguer implements FileCataloguer {
  static final int MAX_DEPTH = 3;
  static final int BUDGET_MIB = 256;
  private static final long MAX_META = 1 << 20;
  private static final int MAX_ENTRIES = 100_000;
  private static final Pattern FILE_NAME = Pattern.compile("(.+?)-(\\d[\\w.+-]*)\\.[jwe]ar");

  @Override
  public boolean wants(String rel, boolean executable) {
    return isArchive(rel);
  }

  private static boolean isArchive(String name) {
    return name.endsWith(".jar") || name.endsWith(".war") || name.endsWith(".ear") || name.endsWith(".hpi")
        || name.endsWith(".jpi");
  }

  /** Bytes inflated so far for one top-level archive. */
  private static final class Budget {
    long left = (long) BUDGET_MIB << 20;
  }

  private static final class BombException extends IOException {
    BombException(String m) {
      super(m);
    }
  }

  @Override
  public List<FoundPackage> read(String rel, Path file, List<String> warnings) throws IOException {
    List<FoundPackage> out = new ArrayList<>();
    Budget budget = new Budget();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Archive a = new Archive(rel);
      Enumeration<? extends ZipEntry> entries = zip.entries();
      int n = 0;
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (++n > MAX_ENTRIES) {
          warnings.add(rel + ": more than 100,000 entries; the rest skipped (a jar bomb?)");
          break;
        }
        try (InputStream in = zip.getInputStream(e)) {
          entry(a, e, in, 1, budget, out, warnings);
        } catch (BombException b) {
          warnings.add(b.getMessage());
          break;
        }
      }
      a.finish(out);
    } catch (java.util.zip.ZipException e) {
      warnings.add(rel + ": not a valid archive (" + e.getMessage() + "); skipped");
    }
    return out;
  }

  /** What one archive says about itself while its entries go by. */
  private static final class Archive {
    final String location;
    final List<Properties> poms = new ArrayList<>();
    Manifest manifest;

    Archive(String location) {
      this.location = location;
    }

    void finish(List<FoundPackage> out) {
      for (Properties p : poms) {
        String g = p.getProperty("groupId", "").strip();
        String a = p.getProperty("artifactId", "").strip();
        String v = p.getProperty("version", "").strip();
        if (!a.isEmpty() && !v.isEmpty()) {
          String name = g.isEmpty() ? a : g + ":" + a;
          out.add(new FoundPackage("maven", name, v, name, v, "", location));
        }
      }
      if (!poms.isEmpty()) {
        return;
      }
      String base = location.substring(location.lastIndexOf('/') + 1);
      base = base.substring(base.lastIndexOf('!') + 1);
      String name = "";
      String version = "";
      String group = "";
      if (manifest != null) {
        var attrs = manifest.getMainAttributes();
        name = first(attrs.getValue("Implementation-Title"), attrs.getValue("Bundle-SymbolicName"));
        version = first(attrs.getValue("Implementation-Version"), attrs.getValue("Bundle-Version"));
        group = first(attrs.getValue("Implementation-Vendor-Id"), "");
        int semi = name.indexOf(';');
        if (semi >= 0) {
          name = name.substring(0, semi); // Bundle-SymbolicName: x;singleton:=true
        }
      }
      Matcher m = FILE_NAME.matcher(base);
      if (m.matches()) {
        if (name.isEmpty() || name.contains(" ")) {
          name = m.group(1);
        }
        if (version.isEmpty()) {
          version = m.group(2);
        }
      }
      if (name.isEmpty() || version.isEmpty()) {
        return;
      }
      String full = group.isEmpty() ? name : group + ":" + name;
      out.add(new FoundPackage("maven", full, version, full, version, "", location));
    }

    private static String first(String a, String b) {
      return a != null && !a.isBlank() ? a.strip() : b == null ? "" : b.strip();
    }
  }

  private static void entry(Archive a, ZipEntry e, InputStream in, int depth, Budget budget, List<FoundPackage> out,
      List<String> warnings) throws IOException {
    String name = e.getName();
    if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
      Properties p = new Properties();
      p.load(new ByteArrayInputStream(bounded(in, a.location + "!" + name)));
      a.poms.add(p);
    } else if (name.equals("META-INF/MANIFEST.MF")) {
      a.manifest = new Manifest(new ByteArrayInputStream(bounded(in, a.location + "!" + name)));
    } else if (isArchive(name) && !e.isDirectory()) {
      String location = a.location + "!" + name;
      if (depth >= MAX_DEPTH) {
        warnings.add(location + ": archives nested more than " + MAX_DEPTH + " deep are not read (a jar bomb?)");
        return;
      }
      Archive nested = new Archive(location);
      ZipInputStream zin = new ZipInputStream(new Counted(in, budget, location));
      ZipEntry ne;
      int n = 0;
      while ((ne = zin.getNextEntry()) != null) {
        if (++n > MAX_ENTRIES) {
          throw new BombException(location + ": more than 100,000 entries; the archive is not read further (a jar bomb?)");
        }
        entry(nested, ne, zin, depth + 1, budget, out, warnings);
      }
      nested.finish(out);
    }
  }

  private static byte[] bounded(InputStream in, String what) throws IOException {
    byte[] b = in.readNBytes((int) MAX_META + 1);
    if (b.length > MAX_META) {
      throw new BombException(what + ": larger than 1 MiB; the archive is not read further (a jar bomb?)");
    }
    return b;
  }

  /** Counts the bytes nested archives inflate against the file's budget. */
  private static final class Counted extends FilterInputStream {
    private final Budget budget;
    private final String where;

    Counted(InputStream in, Budget budget, String where) {
      super(in);
      this.budget = budget;
      this.where = where;
    }

    private void spend(long n) throws BombException {
      if (n > 0 && (budget.left -= n) < 0) {
        throw new BombException(where + ": nested archives inflate past " + BUDGET_MIB
            + " MiB; the archive is not read further (a jar bomb?)");
      }
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      spend(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      spend(n);
      return n;
    }

    @Override
    public void close() {
      // the outer archive owns the stream
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
