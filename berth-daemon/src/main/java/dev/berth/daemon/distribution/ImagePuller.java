package dev.berth.daemon.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import dev.berth.daemon.image.Digests;
import dev.berth.daemon.image.ImageRecord;
import dev.berth.daemon.image.ImageReference;
import dev.berth.daemon.image.ImageService;
import dev.berth.daemon.image.JsonMessages;
import dev.berth.daemon.image.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * {@code docker pull}: resolves a tag (or digest) to a manifest, an index to the manifest of the
 * wanted platform, fetches the config, then downloads the missing layers a few at a time, each
 * verified, decompressed and unpacked as its bytes arrive, and records the image with its tag and
 * repo digest. Progress goes out as Docker's JSON messages, per layer, so the docker CLI draws bars.
 */
final class ImagePuller {
  /** Docker's default max-concurrent-downloads. */
  private static final int PARALLEL = 3;
  private static final long PROGRESS_STEP = 512 << 10;
  private final ImageService images;
  private final Registries registries;
  private final LayerSources sources;

  ImagePuller(ImageService images, Registries registries, LayerSources sources) {
    this.images = images;
    this.registries = registries;
    this.sources = sources;
  }

  /** One layer of the manifest to fetch. */
  private record Layer(String digest, long size, String mediaType, String diffId, String parentChain, String chainId) {
    String shortId() {
      return Digests.hex(digest).substring(0, 12);
    }
  }

  /** Pulls; returns the image ID. Errors before any message are thrown for an HTTP error status. */
  String pull(ImageReference ref, Platform platform, boolean platformGiven, RegistryCredentials creds,
      JsonMessages out) throws IOException, SQLException, InterruptedException {
    String reference = ref.isDigest() ? ref.digest() : ref.tag();
    // Docker Hub images are tried on the mirrors first (--registry-mirror), the Hub itself last
    ManifestLookup.Found found = ManifestLookup.top(registries, ref, creds, "pull");
    RegistryClient client = found.client();
    RegistryClient.Manifest top = found.manifest();
    out.status(reference, "Pulling from " + familiarPath(ref));
    RegistryClient.Manifest manifest = top;
    if (MediaTypes.INDEXES.contains(top.mediaType())) {
      manifest = client.manifest(select(top.json(), platform, ref));
    }
    if (!MediaTypes.MANIFESTS.contains(manifest.mediaType())) {
      throw new IOException(manifest.mediaType().equals(MediaTypes.SCHEMA1)
          || manifest.mediaType().equals(MediaTypes.SCHEMA1_SIGNED)
          ? "the image " + ref + " uses the Docker Image Format v1 (schema 1), which is no longer supported"
          : "unsupported manifest media type " + (manifest.mediaType().isEmpty() ? "(none)" : oneLine(manifest.mediaType())));
    }
    JsonNode m = manifest.json();
    JsonNode configDesc = m.path("config");
    String configDigest = digest(configDesc, "config");
    byte[] config = readConfig(client, configDigest, configDesc.path("size").asLong(-1));
    JsonNode cfg = config(config, configDigest);
    if (platformGiven && !platform.matches(cfg)) {
      throw new IOException("image with reference " + ref + " was found but does not match the specified platform: "
          + "wanted " + platform + ", actual: " + cfg.path("os").asText() + "/" + cfg.path("architecture").asText());
    }
    List<Layer> layers = layers(m, cfg);

    ImageRecord existing = images.find(configDigest);
    List<String> chains = layers.stream().map(Layer::chainId).toList();
    List<Layer> missing = new ArrayList<>();
    for (Layer l : layers) {
      if (images.layers().get(l.chainId()) != null) {
        out.status(l.shortId(), "Already exists");
      } else {
        missing.add(l);
      }
    }
    try (ImageService.LayerLease lease = images.lease(chains)) {
      download(client, missing, out);
      List<String> names = new ArrayList<>();
      if (!ref.isDigest()) {
        names.add(ref.toString());
      }
      names.add(ref.repository() + "@" + top.digest());
      List<String> diffIds = layers.stream().map(Layer::diffId).toList();
      String id = images.storeAll(List.of(new ImageService.PendingImage(config, diffIds, names))).ids().get(0);
      for (Layer l : layers) {
        sources.record(l.diffId(), l.digest(), l.size(), mediaTypeForPush(l.mediaType()), ref.domain() + "/" + ref.remotePath());
      }
      out.status("Digest: " + top.digest());
      boolean upToDate = existing != null && missing.isEmpty()
          && (ref.isDigest() ? existing.repoDigests().contains(names.getLast()) : existing.tags().contains(ref.toString()));
      out.status((upToDate ? "Status: Image is up to date for " : "Status: Downloaded newer image for ")
          + ref);
      images.emit("pull", id, ref.toString());
      return id;
    }
  }

  private static String mediaTypeForPush(String mediaType) {
    return mediaType == null || mediaType.isEmpty() ? MediaTypes.DOCKER_LAYER_GZIP : mediaType;
  }

  /** "library/busybox" for Docker Hub, as Docker prints it; the repository path elsewhere. */
  private static String familiarPath(ImageReference ref) {
    return ref.remotePath();
  }

  /** The manifest for the platform in an index; Docker's error when there is none. */
  static String select(JsonNode index, Platform platform, ImageReference ref) throws IOException {
    JsonNode manifests = index.path("manifests");
    if (!manifests.isArray()) {
      throw new IOException("malformed manifest index: no manifests");
    }
    String fallback = null;
    for (JsonNode d : manifests) {
      JsonNode p = d.path("platform");
      if (p.isObject() && platform.matches(p) && MediaTypes.MANIFESTS.contains(d.path("mediaType").asText(""))) {
        String variant = p.path("variant").asText("");
        if (platform.variant() != null || variant.isEmpty()) {
          return digest(d, "index entry");
        }
        if (fallback == null) {
          fallback = digest(d, "index entry");
        }
      }
    }
    if (fallback != null) {
      return fallback;
    }
    throw new IOException("no matching manifest for " + platform + " in the manifest list entries of " + ref);
  }

  static List<Layer> layers(JsonNode manifest, JsonNode config) throws IOException {
    JsonNode descs = manifest.path("layers");
    JsonNode diffIds = config.path("rootfs").path("diff_ids");
    if (!descs.isArray() || !diffIds.isArray()) {
      throw new IOException("malformed manifest: no layers");
    }
    if (descs.size() != diffIds.size()) {
      throw new IOException("malformed image: the manifest has " + descs.size() + " layers, the config "
          + diffIds.size() + " diff_ids");
    }
    List<Layer> out = new ArrayList<>();
    String parent = null;
    for (int i = 0; i < descs.size(); i++) {
      JsonNode d = descs.get(i);
      String type = d.path("mediaType").asText("");
      if (MediaTypes.foreign(type) || !MediaTypes.unpackable(type)) {
        throw new IOException("unsupported layer media type " + oneLine(type));
      }
      String diffId = diffIds.get(i).asText("");
      if (!Digests.isDigest(diffId)) {
        throw new IOException("malformed image config: invalid diff_id \"" + oneLine(diffId) + "\"");
      }
      String chain = Digests.chainId(parent, diffId);
      out.add(new Layer(digest(d, "layer"), d.path("size").asLong(-1), type, diffId,
          parent, chain));
      parent = chain;
    }
    return out;
  }

  /**
   * The digest of a descriptor the registry sent. A bad one is the registry's fault, so it fails
   * the pull as an {@link IOException} with one line, not as a client error.
   */
  static String digest(JsonNode descriptor, String what) throws IOException {
    String d = descriptor.path("digest").asText("");
    if (!Digests.isDigest(d)) {
      throw new IOException("malformed manifest: the " + what + " descriptor has "
          + (d.isEmpty() ? "no digest" : "an invalid digest \"" + oneLine(d) + "\""));
    }
    return d;
  }

  /** An image config's JSON; Jackson's own message spans lines and names no document. */
  static JsonNode config(byte[] bytes, String digest) throws IOException {
    JsonNode n;
    try {
      n = Json.plain().readTree(bytes);
    } catch (IOException e) {
      String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new IOException("malformed image config " + digest + ": invalid JSON (" + oneLine(String.valueOf(why)) + ")");
    }
    if (n == null || !n.isObject()) {
      throw new IOException("malformed image config " + digest + ": not a JSON object");
    }
    return n;
  }

  private static String oneLine(String s) {
    String t = dev.berth.daemon.util.Messages.oneLine(s);
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }

  static byte[] readConfig(RegistryClient client, String digest, long size) throws IOException {
    if (size > 16 << 20) {
      throw new IOException("image config of " + size + " bytes is too large");
    }
    try (InputStream in = new VerifiedBlobStream(client, digest, size, n -> {})) {
      byte[] bytes = in.readNBytes(16 << 20);
      if (in.read() >= 0) {
        throw new IOException("image config is too large");
      }
      return bytes;
    }
  }

  private void download(RegistryClient client, List<Layer> missing, JsonMessages out)
      throws IOException, SQLException, InterruptedException {
    for (Layer l : missing) {
      out.status(l.shortId(), "Pulling fs layer");
    }
    if (missing.isEmpty()) {
      return;
    }
    Semaphore slots = new Semaphore(PARALLEL);
    List<Future<?>> futures = new ArrayList<>();
    List<String> added = java.util.Collections.synchronizedList(new ArrayList<>());
    // Platform threads: each download ends in unpacking thousands of files, and blocking file
    // system calls on virtual threads pin and hand off their carrier, which made unpacking slow.
    try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("pull-", 0).factory())) {
      for (Layer l : missing) {
        futures.add(pool.submit(() -> {
          slots.acquire();
          try {
            fetch(client, l, out, added);
          } finally {
            slots.release();
          }
          return null;
        }));
      }
      Throwable failure = null;
      for (Future<?> f : futures) {
        try {
          if (failure == null) {
            f.get();
          } else {
            f.cancel(true);
          }
        } catch (ExecutionException e) {
          failure = e.getCause();
          futures.forEach(x -> x.cancel(true));
        }
      }
      if (failure != null) {
        pool.shutdownNow();
        pool.close();
        images.deleteLayersIfUnused(new ArrayList<>(added));
        if (failure instanceof IOException io) {
          throw io;
        }
        if (failure instanceof SQLException sql) {
          throw sql;
        }
        throw new IOException(failure.getMessage(), failure);
      }
    }
  }

  private void fetch(RegistryClient client, Layer l, JsonMessages out, List<String> added)
      throws IOException, SQLException {
    String id = l.shortId();
    long[] reported = {0};
    VerifiedBlobStream blob = new VerifiedBlobStream(client, l.digest(), l.size(), n -> {
      if (n - reported[0] >= PROGRESS_STEP || n == l.size()) {
        reported[0] = n;
        try {
          out.progress("Downloading", id, n, l.size());
        } catch (IOException gone) {
          // the client went away; the pull finishes for the next one
        }
      }
    });
    LayerStore.Layer stored;
    try (blob) {
      stored = images.layers().add(blob, l.parentChain(), () -> {
        blob.drainAndVerify();
        out.status(id, "Verifying Checksum");
        out.status(id, "Download complete");
      });
    }
    added.add(stored.chainId());
    if (!stored.diffId().equals(l.diffId())) {
      throw new IOException("layer " + id + " unpacks to " + stored.diffId() + ", but the image config says "
          + l.diffId());
    }
    out.progress("Extracting", id, blob.count(), l.size());
    out.status(id, "Pull complete");
  }
}
