package dev.berth.daemon.scan;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads an advisory file of any format Berth knows, told apart by its content: a zip of OSV
 * records (osv.dev's per-ecosystem {@code all.zip}), gzip of any of these, a JSON array of OSV
 * records, one OSV record, Alpine's secdb, or the Debian security tracker's JSON. Everything is
 * streamed: neither the zip nor the tracker's file is ever held whole.
 */
final class AdvisoryLoader {
  /** The largest single OSV record accepted from a zip: real ones are kilobytes. */
  private static final long MAX_ENTRY = 16L << 20;
  private static final Set<String> OSV_KEYS = Set.of("schema_version", "id", "modified", "published", "withdrawn",
      "aliases", "related", "summary", "details", "severity", "affected", "references", "credits",
      "database_specific", "upstream");
  private static final Set<String> SECDB_KEYS = Set.of("apkurl", "archs", "reponame", "urlprefix", "distroversion",
      "packages");

  private AdvisoryLoader() {}

  /** A feed for {@link AdvisoryDb#load} reading {@code in}; {@code source} names it in errors. */
  static AdvisoryDb.Feed feed(InputStream in, String source) {
    return sink -> {
      try {
        return read(new BufferedInputStream(in, 1 << 16), sink, 0);
      } catch (JsonEOFException | EOFException e) {
        throw new AdvisoryFormatException(source + ": truncated (" + firstLine(e.getMessage()) + ")");
      } catch (JsonParseException e) {
        throw new AdvisoryFormatException(source + ": not valid JSON: " + firstLine(e.getOriginalMessage())
            + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
      } catch (ZipException e) {
        throw new AdvisoryFormatException(source + ": a damaged zip: " + e.getMessage());
      } catch (AdvisoryFormatException e) {
        throw new AdvisoryFormatException(source + ": " + e.getMessage());
      }
    };
  }

  private static String read(BufferedInputStream in, AdvisoryDb.Sink sink, int depth)
      throws IOException, SQLException, AdvisoryFormatException {
    in.mark(4);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 < 0) {
      throw new AdvisoryFormatException("empty file");
    }
    if (b0 == 'P' && b1 == 'K') {
      readZip(in, sink);
      return "osv-zip";
    }
    if (b0 == 0x1f && b1 == 0x8b && depth == 0) {
      return read(new BufferedInputStream(new GZIPInputStream(in), 1 << 16), sink, 1);
    }
    return readJson(in, sink);
  }

  private static void readZip(InputStream in, AdvisoryDb.Sink sink) throws IOException, SQLException,
      AdvisoryFormatException {
    ZipInputStream zip = new ZipInputStream(in);
    ZipEntry e;
    int records = 0;
    while ((e = zip.getNextEntry()) != null) {
      if (e.isDirectory() || !e.getName().endsWith(".json")) {
        continue;
      }
      byte[] body = zip.readNBytes((int) MAX_ENTRY + 1);
      if (body.length > MAX_ENTRY) {
        throw new AdvisoryFormatException(e.getName() + " is larger than " + (MAX_ENTRY >> 20) + " MiB");
      }
      JsonNode osv;
      try {
        osv = Json.plain().readTree(body);
      } catch (JsonParseException ex) {
        throw new AdvisoryFormatException(e.getName() + ": not valid JSON: " + firstLine(ex.getOriginalMessage()));
      }
      if (osv == null) {
        throw new AdvisoryFormatException(e.getName() + ": empty");
      }
      try {
        OsvReader.emit(osv, sink);
      } catch (AdvisoryFormatException ex) {
        throw new AdvisoryFormatException(e.getName() + ": " + ex.getMessage());
      }
      records++;
    }
    if (records == 0) {
      throw new AdvisoryFormatException("a zip with no OSV records in it");
    }
  }

  private static String readJson(InputStream in, AdvisoryDb.Sink sink) throws IOException, SQLException,
      AdvisoryFormatException {
    try (JsonParser p = Json.plain().getFactory().createParser(in)) {
      JsonToken t = p.nextToken();
      String format;
      if (t == JsonToken.START_ARRAY) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          OsvReader.emit(Json.plain().readTree(p), sink);
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
          throw new AdvisoryFormatException("a JSON array of something other than OSV records");
        }
        format = "osv";
      } else if (t == JsonToken.START_OBJECT) {
        JsonToken f = p.nextToken();
        if (f == JsonToken.END_OBJECT) {
          throw new AdvisoryFormatException("an empty JSON object");
        }
        String first = p.currentName();
        if (OSV_KEYS.contains(first)) {
          OsvReader.emit(restOfObject(p), sink);
          format = "osv";
        } else if (SECDB_KEYS.contains(first)) {
          AlpineSecdbReader.emit(restOfObject(p), sink);
          format = "alpine-secdb";
        } else {
          DebianTrackerReader.emit(p, sink);
          format = "debian-tracker";
        }
      } else {
        throw new AdvisoryFormatException("not an advisory file (OSV, OSV zip, Debian tracker JSON or Alpine secdb)");
      }
      if (p.nextToken() != null) {
        throw new AdvisoryFormatException("unexpected content after the JSON document at line "
            + p.currentLocation().getLineNr());
      }
      return format;
    }
  }

  /** The object the parser is inside, from the field name it stands on to its end. */
  private static ObjectNode restOfObject(JsonParser p) throws IOException {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    while (p.currentToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      o.set(name, Json.plain().readTree(p));
      p.nextToken();
    }
    return o;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unexpected end of input";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
