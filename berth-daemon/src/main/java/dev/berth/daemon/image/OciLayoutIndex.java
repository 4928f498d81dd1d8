package dev.berth.daemon.image;

import dev.berth.daemon.util.Messages;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the images of an OCI image layout ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/...}), as skopeo, buildx and {@code podman save --format oci-archive} write it.
 *
 * <p>Names come from the descriptors' annotations: {@code io.containerd.image.name} (a full
 * reference) first, else {@code org.opencontainers.image.ref.name} when it is a full reference.
 * A bare ref name such as {@code latest} says which tag but not of what, so it names nothing and
 * the image loads untagged. A multi-platform index contributes the manifest for this host's
 * platform (attestation manifests, platform unknown/unknown, never qualify).
 */
final class OciLayoutIndex {
  static final String LAYOUT = "oci-layout";
  static final String FILE = "index.json";
  private static final String IMAGE_NAME = "io.containerd.image.name";
  private static final String REF_NAME = "org.opencontainers.image.ref.name";
  private static final int MAX_DEPTH = 4;

  private final ArchiveSpool spool;
  private final String architecture;
  /** Config digest to image, so that one image named by several descriptors loads once with every tag. */
  private final Map<String, ArchivedImage> images = new LinkedHashMap<>();

  private OciLayoutIndex(ArchiveSpool spool, String architecture) {
    this.spool = spool;
    this.architecture = architecture;
  }

  static List<ArchivedImage> read(ArchiveSpool spool, String architecture) throws IOException {
    OciLayoutIndex index = new OciLayoutIndex(spool, architecture);
    JsonNode root = DockerArchiveManifest.parse(spool.readDocument(FILE), FILE);
    for (JsonNode d : root.path("manifests")) {
      index.descriptor(d, tagOf(d), 0);
    }
    return new ArrayList<>(index.images.values());
  }

  private void descriptor(JsonNode d, String tag, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("invalid archive: image indexes nest too deeply");
    }
    String digest = d.path("digest").asText("");
    JsonNode doc = DockerArchiveManifest.parse(spool.readDocument(blobName(digest)), digest);
    String mediaType = d.path("mediaType").asText(doc.path("mediaType").asText(""));
    if (mediaType.endsWith("image.index.v1+json") || mediaType.endsWith("manifest.list.v2+json")
        || (mediaType.isEmpty() && doc.has("manifests"))) {
      JsonNode chosen = choosePlatform(doc.path("manifests"));
      if (chosen == null) {
        throw new IOException("invalid archive: the image index " + digest + " has no manifest for linux/"
            + architecture);
      }
      descriptor(chosen, tag, depth + 1);
    } else {
      manifest(doc, tag);
    }
  }

  private void manifest(JsonNode manifest, String tag) throws IOException {
    String configDigest = manifest.path("config").path("digest").asText("");
    byte[] config = spool.readDocument(blobName(configDigest));
    List<String> layers = new ArrayList<>();
    for (JsonNode l : manifest.path("layers")) {
      layers.add(blobName(l.path("digest").asText("")));
    }
    ArchivedImage known = images.get(configDigest);
    List<String> tags = known == null ? new ArrayList<>() : new ArrayList<>(known.tags());
    if (tag != null && !tags.contains(tag)) {
      tags.add(tag);
    }
    images.put(configDigest, new ArchivedImage(config, layers, tags));
  }

  /** This host's linux manifest; else a lone manifest that declares no platform; else null. */
  private JsonNode choosePlatform(JsonNode manifests) {
    List<JsonNode> candidates = new ArrayList<>();
    for (JsonNode m : manifests) {
      JsonNode p = m.path("platform");
      if (p.path("os").asText("").equals("linux") && p.path("architecture").asText("").equals(architecture)) {
        return m;
      }
      if (!p.path("os").asText("").equals("unknown")) {
        candidates.add(m);
      }
    }
    return candidates.size() == 1 && !candidates.get(0).path("platform").isObject() ? candidates.get(0) : null;
  }

  /** The tag a top-level descriptor gives its image, or null. */
  private static String tagOf(JsonNode d) throws IOException {
    JsonNode a = d.path("annotations");
    String name = a.path(IMAGE_NAME).asText("");
    if (name.isEmpty()) {
      String ref = a.path(REF_NAME).asText("");
      if (ref.contains("/") || ref.contains(":")) {
        name = ref;
      }
    }
    if (name.isEmpty() || name.contains("@")) {
      return null;
    }
    return DockerArchiveManifest.familiarTag(name);
  }

  /** {@code blobs/sha256/<hex>} for a digest from the archive, which is checked before it names a file. */
  static String blobName(String digest) throws IOException {
    if (!Digests.isDigest(digest)) {
      throw new IOException("invalid archive: unsupported or malformed digest \"" + Messages.oneLine(digest) + "\"");
    }
    return "blobs/sha256/" + Digests.hex(digest);
  }
}
