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
import java.util.Collection;
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
    return add(layerStream, parentChain, () -> {});
  }

  /** A check that may refuse a layer once its stream has been read, before anything is kept. */
  @FunctionalInterface
  public interface BeforeCommit {
    void check() throws IOException;
  }

  /**
   * As {@link #add(InputStream, String)}, running {@code beforeCommit} once the tar is unpacked and
   * before its blob and snapshot are kept: a pull verifies the compressed blob's digest there, so
   * that a layer whose bytes do not match leaves nothing behind.
   */
  public Layer add(InputStream layerStream, String parentChain, BeforeCommit beforeCommit)
      throws IOException, SQLException {
    InputStream plain = decompressed(layerStream);
    Path tmp = Files.createDirectories(dir.resolve("tmp-" + Long.toHexString(random.nextLong())));
    dev.berth.daemon.sys.LibC.chmod(tmp.toString(), dev.berth.daemon.store.DataRootPermissions.DIR_MODE);
    try (BlobStore.Writer blob = blobs.writer()) {
      long size;
      // Receiving, decompressing and keeping the tar on one thread, creating its files on this one.
      try (InputStream tee = new ReadAheadInputStream(blob.tee(plain), "layer-read")) {
        Path diff = Files.createDirectory(tmp.resolve("diff"));
        size = LayerUnpacker.unpack(tee, diff);
        tee.transferTo(java.io.OutputStream.nullOutputStream()); // the tar's padding belongs to the digest
      }
      beforeCommit.check();
      String diffId = blob.commit();
      String chainId = Digests.chainId(parentChain, diffId);
      return register(tmp, new Layer(chainId, diffId, parentChain, size));
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
  }

  /**
   * Moves an unpacked layer into place and records it. Serialized so that two imports of the same
   * layer (two loads, or a load racing a pull) agree on one directory instead of failing on a
   * rename over a non-empty directory; a directory left by a crash between rename and insert is
   * replaced.
   */
  private synchronized Layer register(Path tmp, Layer layer) throws IOException, SQLException {
    Layer existing = get(layer.chainId());
    if (existing != null) {
      return existing;
    }
    Path finalDir = dir.resolve(Digests.hex(layer.chainId()));
    if (Files.exists(finalDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      removeLayerDir(finalDir);
    }
    String shortName = shortName();
    Files.writeString(tmp.resolve("link"), shortName);
    AtomicFiles.rename(tmp, finalDir);
    Path link = links.resolve(shortName);
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, Path.of("..", Digests.hex(layer.chainId()), "diff"));
    db.update("INSERT OR IGNORE INTO layers(chain_id, diff_id, parent, size) VALUES (?,?,?,?)",
        layer.chainId(), layer.diffId(), layer.parent(), layer.size());
    return layer;
  }

  private void removeLayerDir(Path layerDir) throws IOException {
    Path linkFile = layerDir.resolve("link");
    if (Files.exists(linkFile)) {
      Files.deleteIfExists(links.resolve(Files.readString(linkFile).trim()));
    }
    AtomicFiles.deleteTree(layerDir);
  }

  /**
   * Whether the exact tar of a layer is kept, so that {@code save} can write bytes whose digest is
   * the diffID. Layers are kept from import on; a missing one means the store was damaged.
   */
  public boolean hasTar(String diffId) {
    return blobs.has(diffId);
  }

  /** The uncompressed tar of a layer, byte for byte as imported. */
  public InputStream openTar(String diffId) throws IOException {
    return blobs.open(diffId);
  }

  public long tarSize(String diffId) throws IOException {
    return blobs.size(diffId);
  }

  private String shortName() {
    char[] c = new char[26];
    for (int i = 0; i < c.length; i++) {
      c[i] = SHORT_ALPHABET[random.nextInt(SHORT_ALPHABET.length)];
    }
    return new String(c);
  }

  /**
   * Wraps a possibly compressed stream (gzip, zstd, xz, ...) so that it yields the plain tar.
   * Concatenated members are read to the end (pigz writes them, eStargz is made of them; commons
   * compress stops after the first by default), the xz and lzma decoders may not ask for more than
   * 256 MiB of dictionary (a header can ask for gigabytes of heap), and the decompressed bytes stop
   * at {@link ContentLimits#maxUnpacked()}.
   */
  public static InputStream decompressed(InputStream in) throws IOException {
    return decompressed(in, ContentLimits.maxUnpacked());
  }

  static InputStream decompressed(InputStream in, long maxUnpacked) throws IOException {
    InputStream buffered = in.markSupported() ? in : new java.io.BufferedInputStream(in, 65536);
    String kind;
    try {
      kind = CompressorStreamFactory.detect(buffered);
    } catch (CompressorException e) {
      if (e.getCause() instanceof IOException io) {
        throw io; // the source failed while its first bytes were read: that is the error, not "plain"
      }
      return buffered; // not compressed: a plain tar, as long as its source
    }
    try {
      return new CappedInputStream(new CompressorStreamFactory(true, 256 << 10)
          .createCompressorInputStream(kind, buffered), maxUnpacked);
    } catch (CompressorException e) {
      throw new IOException("cannot decompress the " + kind + " stream: " + e.getMessage(), e);
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
    deleteUnused(inUse, db.strings("SELECT chain_id FROM layers"));
  }

  /**
   * Deletes those of {@code candidates} that are not in {@code inUse}: what a failed import uses to
   * take back exactly the layers it added, without touching anything else.
   */
  public synchronized void deleteUnused(Set<String> inUse, Collection<String> candidates)
      throws SQLException, IOException {
    for (String chainId : candidates) {
      if (inUse.contains(chainId)) {
        continue;
      }
      Layer layer = get(chainId);
      if (layer == null) {
        continue;
      }
      // The row goes first: a crash after it leaves a directory that register() replaces.
      db.update("DELETE FROM layers WHERE chain_id=?", chainId);
      removeLayerDir(dir.resolve(Digests.hex(chainId)));
      boolean diffShared = !db.strings("SELECT chain_id FROM layers WHERE diff_id=?", layer.diffId()).isEmpty();
      if (!diffShared) {
        blobs.delete(layer.diffId());
      }
    }
  }
}
