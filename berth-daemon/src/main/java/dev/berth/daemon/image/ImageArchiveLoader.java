package dev.berth.daemon.image;

import dev.berth.daemon.util.Messages;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code docker load}: imports the images of a {@code docker save} archive or an OCI image layout.
 *
 * <p>The archive is spooled first ({@link ArchiveSpool}), because its manifest may come last. Then,
 * for every image, each layer the store lacks is imported through {@link LayerStore} (which
 * decompresses, keeps the tar and unpacks it) and checked against the config's
 * {@code rootfs.diff_ids}; only when every layer of every image is in place are the images and
 * their tags recorded, in one transaction. The layers in use are leased from garbage collection
 * meanwhile. On any failure the spool is deleted and the layers this load added are removed, so
 * the store is as it was.
 */
public final class ImageArchiveLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ImageArchiveLoader.class);
  /** How often, in bytes read, a layer's progress is reported. */
  private static final long PROGRESS_STEP = 4L << 20;

  private final ImageService images;

  public ImageArchiveLoader(ImageService images) {
    this.images = images;
  }

  /** Reads {@code archive} to its end and loads it, reporting in {@code out}; quiet leaves out progress. */
  void load(InputStream archive, JsonMessages out, boolean quiet) throws IOException, SQLException {
    try (ArchiveSpool spool = ArchiveSpool.read(archive, images.tmpDir())) {
      List<ArchivedImage> found = contents(spool);
      List<String> added = new ArrayList<>();
      ImageService.Stored stored;
      List<ImageService.PendingImage> pending = new ArrayList<>();
      try {
        try (ImageService.LayerLease lease = images.lease(List.of())) {
          for (ArchivedImage image : found) {
            pending.add(importLayers(spool, image, lease, added, quiet ? null : out));
          }
          stored = images.storeAll(pending);
          added.clear(); // recorded: the images use them now
        }
      } finally {
        removeAdded(added);
      }
      for (String id : stored.ids()) {
        images.emit("load", id, id);
      }
      report(pending, stored, out);
    }
  }

  /** The images of either format; Docker's manifest.json wins when an archive has both (Docker 25+). */
  private static List<ArchivedImage> contents(ArchiveSpool spool) throws IOException {
    if (spool.has(DockerArchiveManifest.FILE)) {
      return DockerArchiveManifest.read(spool);
    }
    if (spool.has(OciLayoutIndex.FILE)) {
      return OciLayoutIndex.read(spool, ImageService.hostArchitecture());
    }
    throw new IOException("invalid archive: it contains neither a manifest.json (docker save) nor an index.json "
        + "(OCI image layout)");
  }

  private ImageService.PendingImage importLayers(ArchiveSpool spool, ArchivedImage image,
      ImageService.LayerLease lease, List<String> added, JsonMessages progress) throws IOException, SQLException {
    List<String> diffIds = diffIds(image.config());
    if (image.layers().size() != diffIds.size()) {
      throw new IOException("invalid manifest, layers length mismatch: expected " + image.layers().size()
          + ", got " + diffIds.size());
    }
    List<String> chains = LayerStore.chainIds(diffIds);
    lease.addAll(chains);
    LayerStore layers = images.layers();
    String parent = null;
    for (int i = 0; i < chains.size(); i++) {
      String chain = chains.get(i);
      if (layers.get(chain) == null) {
        Path file = spool.require(image.layers().get(i));
        LayerStore.Layer layer;
        try (InputStream in = progress(Files.newInputStream(file), Files.size(file), diffIds.get(i), progress)) {
          layer = layers.add(in, parent);
        }
        added.add(layer.chainId());
        if (!layer.diffId().equals(diffIds.get(i))) {
          throw new IOException("invalid diffID for layer " + i + ": expected \"" + diffIds.get(i) + "\", got \""
              + layer.diffId() + "\"");
        }
      }
      parent = chain;
    }
    return new ImageService.PendingImage(image.config(), diffIds, image.tags());
  }

  /** The config's {@code rootfs.diff_ids}, checked; and the refusal of images for another OS. */
  static List<String> diffIds(byte[] configBytes) throws IOException {
    JsonNode config;
    try {
      config = dev.berth.api.Json.plain().readTree(configBytes);
    } catch (IOException e) {
      throw new IOException("invalid archive: an image config is not valid JSON");
    }
    if (config == null || !config.isObject()) {
      throw new IOException("invalid archive: an image config is not a JSON object");
    }
    String os = config.path("os").asText("linux");
    if (!os.isEmpty() && !os.equals("linux")) {
      throw new IOException("cannot load " + Messages.oneLine(os) + " image on linux");
    }
    JsonNode rootfs = config.path("rootfs");
    if (!rootfs.path("type").asText("").equals("layers")) {
      throw new IOException("invalid image config: rootfs type must be \"layers\"");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode d : rootfs.path("diff_ids")) {
      if (!Digests.isDigest(d.asText())) {
        throw new IOException("invalid image config: malformed diff_id \"" + Messages.oneLine(d.asText()) + "\"");
      }
      out.add(d.asText());
    }
    return out;
  }

  private void report(List<ImageService.PendingImage> pending, ImageService.Stored stored, JsonMessages out)
      throws IOException {
    for (int i = 0; i < pending.size(); i++) {
      List<String> tags = pending.get(i).tags();
      for (String tag : tags) {
        String previous = stored.movedTags().get(tag);
        if (previous != null) {
          out.stream("The image " + tag + " already exists, renaming the old one with ID " + previous
              + " to empty string");
        }
        out.stream("Loaded image: " + tag);
      }
      if (tags.isEmpty()) {
        out.stream("Loaded image ID: " + stored.ids().get(i));
      }
    }
  }

  private void removeAdded(List<String> added) {
    if (added.isEmpty()) {
      return;
    }
    try {
      images.deleteLayersIfUnused(added);
    } catch (IOException | SQLException e) {
      LOG.warn("could not remove the layers of a failed load; garbage collection will: {}", e.toString());
    }
  }

  private static InputStream progress(InputStream in, long total, String diffId, JsonMessages out) throws IOException {
    if (out == null) {
      return in;
    }
    String id = Digests.hex(diffId).substring(0, 12);
    out.progress("Loading layer", id, 0, total);
    return new FilterInputStream(in) {
      private long read;
      private long reported;

      @Override
      public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? -1 : 1);
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        count(n);
        return n;
      }

      private void count(int n) throws IOException {
        if (n > 0) {
          read += n;
        }
        if ((n < 0 && reported < read) || read - reported >= PROGRESS_STEP) {
          reported = read;
          out.progress("Loading layer", id, read, total);
        }
      }
    };
  }

  /**
   * A failure as one line for the client: disk full says so plainly; other messages are the
   * loader's own ("invalid archive: ...") or the underlying error's, with line breaks removed.
   */
  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("No space left on device")) {
        return "failed to load the image: no space left on device";
      }
    }
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    if (e instanceof SQLException) {
      m = "failed to record the image: " + m;
    } else if (e instanceof java.nio.file.FileSystemException) {
      m = "failed to load the image: " + m;
    }
    return m.replaceAll("[\\r\\n]+", " ").strip();
  }
}
