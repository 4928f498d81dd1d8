package dev.berth.daemon.distribution;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.image.Digests;
import dev.berth.daemon.image.ImageRecord;
import dev.berth.daemon.image.ImageReference;
import dev.berth.daemon.image.ImageService;
import dev.berth.daemon.image.JsonMessages;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * {@code docker push}: each layer is checked on the registry first (by a compressed digest Berth
 * already knows for it), mounted from another repository of the same registry when one has it,
 * and otherwise compressed with gzip while it uploads; then the config, then a Docker schema 2
 * manifest under the tag. Layers go up a few at a time, as Docker's max-concurrent-uploads.
 */
final class ImagePusher {
  private static final int PARALLEL = 5;
  private static final long PROGRESS_STEP = 512 << 10;
  private final ImageService images;
  private final Registries registries;
  private final LayerSources sources;

  ImagePusher(ImageService images, Registries registries, LayerSources sources) {
    this.images = images;
    this.registries = registries;
    this.sources = sources;
  }

  /** A layer as pushed: the descriptor that goes in the manifest. */
  private record Pushed(String digest, long size, String mediaType) {}

  /** Pushes one tag; returns the manifest digest. */
  String push(ImageReference ref, ImageRecord image, RegistryCredentials creds, JsonMessages out)
      throws IOException, SQLException, InterruptedException {
    RegistryClient client = new RegistryClient(registries.endpoint(ref.domain()), ref.remotePath(), creds, "pull,push");
    String repository = ref.domain() + "/" + ref.remotePath();
    List<String> diffIds = image.diffIds();
    for (String d : diffIds) {
      out.status(shortId(d), "Preparing");
    }
    List<Pushed> pushed = uploadLayers(client, repository, diffIds, out);
    byte[] config = images.blobs().read(image.id());
    if (!client.hasBlob(image.id())) {
      client.uploadBytes(image.id(), config);
    }
    ObjectNode manifest = Json.plain().createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.DOCKER_MANIFEST);
    ObjectNode cfg = manifest.putObject("config");
    cfg.put("mediaType", MediaTypes.DOCKER_CONFIG);
    cfg.put("size", config.length);
    cfg.put("digest", image.id());
    ArrayNode layers = manifest.putArray("layers");
    for (Pushed p : pushed) {
      ObjectNode l = layers.addObject();
      l.put("mediaType", p.mediaType());
      l.put("size", p.size());
      l.put("digest", p.digest());
    }
    byte[] bytes = Json.plain().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    String digest = client.putManifest(ref.tag(), MediaTypes.DOCKER_MANIFEST, bytes);
    images.addRepoDigest(image.id(), ref.repository(), digest);
    out.status(ref.tag() + ": digest: " + digest + " size: " + bytes.length);
    ObjectNode aux = Json.plain().createObjectNode();
    aux.put("Tag", ref.tag());
    aux.put("Digest", digest);
    aux.put("Size", bytes.length);
    out.aux(aux);
    images.emit("push", image.id(), ref.toString());
    return digest;
  }

  private List<Pushed> uploadLayers(RegistryClient client, String repository, List<String> diffIds, JsonMessages out)
      throws IOException, InterruptedException {
    Semaphore slots = new Semaphore(PARALLEL);
    List<Future<Pushed>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String d : diffIds) {
        futures.add(pool.submit(() -> {
          slots.acquire();
          try {
            return uploadLayer(client, repository, d, out);
          } finally {
            slots.release();
          }
        }));
      }
      List<Pushed> result = new ArrayList<>();
      Throwable failure = null;
      for (Future<Pushed> f : futures) {
        try {
          if (failure == null) {
            result.add(f.get());
          } else {
            f.cancel(true);
          }
        } catch (ExecutionException e) {
          failure = e.getCause();
          futures.forEach(x -> x.cancel(true));
        }
      }
      if (failure instanceof IOException io) {
        throw io;
      }
      if (failure != null) {
        throw new IOException(failure.getMessage(), failure);
      }
      return result;
    }
  }

  private Pushed uploadLayer(RegistryClient client, String repository, String diffId, JsonMessages out)
      throws IOException, SQLException {
    String id = shortId(diffId);
    String host = client.host();
    List<LayerSources.Source> known = sources.of(diffId, host);
    // Already in this repository under a digest we know?
    for (LayerSources.Source s : known) {
      if (s.repository().equals(repository) && client.hasBlob(s.digest())) {
        out.status(id, "Layer already exists");
        return new Pushed(s.digest(), s.size(), s.mediaType());
      }
    }
    URI upload = null;
    for (LayerSources.Source s : known) {
      if (!s.repository().startsWith(host + "/") || s.repository().equals(repository)) {
        continue;
      }
      String from = s.repository().substring(host.length() + 1);
      client.addScope("repository:" + from + ":pull");
      URI location = client.mountOrStartUpload(s.digest(), from);
      if (location == null) {
        sources.record(diffId, s.digest(), s.size(), s.mediaType(), repository);
        out.status(id, "Mounted from " + from);
        return new Pushed(s.digest(), s.size(), s.mediaType());
      }
      upload = location; // the registry opened an upload instead: use it
      break;
    }
    // A known digest may exist here from a push to another name that the store did not record.
    if (upload == null) {
      for (LayerSources.Source s : known) {
        if (!s.repository().equals(repository) && client.hasBlob(s.digest())) {
          sources.record(diffId, s.digest(), s.size(), s.mediaType(), repository);
          out.status(id, "Layer already exists");
          return new Pushed(s.digest(), s.size(), s.mediaType());
        }
      }
      upload = client.mountOrStartUpload(diffId, null);
    }
    long total = images.layers().tarSize(diffId);
    long[] reported = {0};
    try (InputStream tar = images.layers().openTar(diffId)) {
      InputStream counted = new java.io.FilterInputStream(tar) {
        long read;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            read += n;
            if (read - reported[0] >= PROGRESS_STEP) {
              reported[0] = read;
              out.progress("Pushing", id, read, total);
            }
          }
          return n;
        }
      };
      GzipStream gz = new GzipStream(counted);
      client.upload(upload, gz, gz::digest);
      out.status(id, "Pushed");
      sources.record(diffId, gz.digest(), gz.size(), MediaTypes.DOCKER_LAYER_GZIP, repository);
      return new Pushed(gz.digest(), gz.size(), MediaTypes.DOCKER_LAYER_GZIP);
    }
  }

  private static String shortId(String digest) {
    return Digests.hex(digest).substring(0, 12);
  }
}
