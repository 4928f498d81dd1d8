package dev.berth.daemon.image;

import dev.berth.daemon.store.AtomicFiles;
import dev.berth.daemon.store.MetadataStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * Unpacked layers (snapshots) shared by every image and container that uses them, one directory per
 * chain ID: {@code overlay/<chain hex>/diff}. Each also gets a short name under {@code overlay/l/}
 * so that an overlay mount of many layers fits in the one page mount options may take.
 *
 * <p>A layer is unpacked into a temp directory and renamed into place only when whole, and its tar
 * is kept as a blob (named by its diffID) so that {@code save} reproduces the exact bytes.
 */
public final class LayerStore {
  private static final char[] SHORT_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private final Path dir;
  private final Path links;
  private final BlobStore blobs;
  private final MetadataStore db;
  private final SecureRandom random = new SecureRandom();

  /** A registered layer. */
  public record Layer(String chainId, String diffId, String parent, long size) {}

  public LayerStore(Path root, BlobStore blobs, MetadataStore db) throws IOException {
    this.dir = Files.createDirectories(root.resolve("overlay"));
    this.links = Files.createDirectories(dir.resolve("l"));
    this.blobs = blobs;
    this.db = db;
    removeLeftovers();
  }

  /** Unfinished unpacks from a crash: never registered, safe to drop. */
  private void removeLeftovers() throws IOException {
    try (var s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("tmp-")).toList()) {
        AtomicFiles.deleteTree(p);
      }
    }
  }

  public Path diffDir(String chainId) {
    return dir.resolve(Digests.hex(chainId)).resolve("diff");
  }

  /** The short relative name ({@code l/XXXX}) used in overlay mount options. */
  public String shortLink(String chainId) throws IOException {
    return "l/" + Files.readString(dir.resolve(Digests.hex(chainId)).resolve("link")).trim();
  }

  /** The directory relative to which {@link #shortLink} names resolve. */
  public Path overlayRoot() {
    return dir;
  }

  /**
   * Reads a layer tar (gzip, zstd and the rest detected and decompressed), keeps it as a blob,
   * unpacks it on top of {@code parentChain}, and registers it. A layer already present is not
   * unpacked again.
   */
  public Layer add(InputStream layerStream, String parentChain) throws IOException, SQLException {
    InputStream plain = decompressed(layerStream);
    Path tmp = Files.createDirectories(dir.resolve("tmp-" + Long.toHexString(random.nextLong())));
    try (BlobStore.Writer blob = blobs.writer()) {
      InputStream tee = blob.tee(plain);
      Path diff = Files.createDirectory(tmp.resolve("diff"));
      long size = LayerUnpacker.unpack(tee, diff);
      tee.transferTo(java.io.OutputStream.nullOutputStream()); // the tar's padding belongs to the digest
      String diffId = blob.commit();
      String chainId = Digests.chainId(parentChain, diffId);
      Layer existing = get(chainId);
      if (existing != null) {
        return existing;
      }
      String shortName = shortName();
      Files.writeString(tmp.resolve("link"), shortName);
      Path finalDir = dir.resolve(Digests.hex(chainId));
      AtomicFiles.rename(tmp, finalDir);
      Path link = links.resolve(shortName);
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, Path.of("..", Digests.hex(chainId), "diff"));
      Layer layer = new Layer(chainId, diffId, parentChain, size);
      db.update("INSERT OR IGNORE INTO layers(chain_id, diff_id, parent, size) VALUES (?,?,?,?)",
          chainId, diffId, parentChain, size);
      return layer;
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
  }

  private String shortName() {
    char[] c = new char[26];
    for (int i = 0; i < c.length; i++) {
      c[i] = SHORT_ALPHABET[random.nextInt(SHORT_ALPHABET.length)];
    }
    return new String(c);
  }

  /** Wraps a possibly compressed stream so that it yields the plain tar. */
  static InputStream decompressed(InputStream in) throws IOException {
    InputStream buffered = in.markSupported() ? in : new java.io.BufferedInputStream(in, 65536);
    try {
      String kind = CompressorStreamFactory.detect(buffered);
      return new CompressorStreamFactory().createCompressorInputStream(kind, buffered);
    } catch (CompressorException e) {
      return buffered; // not compressed: a plain tar
    }
  }

  public Layer get(String chainId) throws SQLException {
    return db.read(c -> {
      try (var ps = c.prepareStatement("SELECT chain_id, diff_id, parent, size FROM layers WHERE chain_id=?")) {
        ps.setString(1, chainId);
        try (var rs = ps.executeQuery()) {
          return rs.next() ? new Layer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)) : null;
        }
      }
    });
  }

  /** Chain IDs for an ordered list of diffIDs (base first). */
  public static List<String> chainIds(List<String> diffIds) {
    List<String> out = new ArrayList<>();
    String parent = null;
    for (String d : diffIds) {
      parent = Digests.chainId(parent, d);
      out.add(parent);
    }
    return out;
  }

  /** Deletes layers no longer in {@code inUse}: their snapshot, short link and tar blob. */
  public void deleteUnused(Set<String> inUse) throws SQLException, IOException {
    List<String> all = db.strings("SELECT chain_id FROM layers");
    for (String chainId : all) {
      if (inUse.contains(chainId)) {
        continue;
      }
      Layer layer = get(chainId);
      db.update("DELETE FROM layers WHERE chain_id=?", chainId);
      Path layerDir = dir.resolve(Digests.hex(chainId));
      Path linkFile = layerDir.resolve("link");
      if (Files.exists(linkFile)) {
        Files.deleteIfExists(links.resolve(Files.readString(linkFile).trim()));
      }
      AtomicFiles.deleteTree(layerDir);
      boolean diffShared = !db.strings("SELECT chain_id FROM layers WHERE diff_id=?", layer.diffId()).isEmpty();
      if (!diffShared) {
        blobs.delete(layer.diffId());
      }
    }
  }
}
