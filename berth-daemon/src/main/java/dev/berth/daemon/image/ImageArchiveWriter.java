package dev.berth.daemon.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code docker save}: writes images as the archive Docker 25 and later writes, which every
 * {@code docker load} since Docker 1.10 reads: {@code manifest.json} and {@code repositories} for
 * Docker, {@code index.json} and {@code oci-layout} for OCI tools, and the blobs (configs,
 * uncompressed layer tars, OCI manifests) under {@code blobs/sha256/}.
 *
 * <p>Each layer is the tar kept at import, byte for byte, so its digest is its diffID and the
 * loaded image gets the same ID; the digest is checked as it streams, and a damaged blob aborts the
 * archive instead of producing one that loads wrong. The archive goes straight onto the response:
 * nothing is staged on disk or in memory beyond one JSON document at a time.
 */
public final class ImageArchiveWriter {
  static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar";
  static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
  static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";

  /** An image to save and the tags to save it under. */
  record SavedImage(ImageRecord image, List<String> tags) {}

  private final ImageService images;

  public ImageArchiveWriter(ImageService images) {
    this.images = images;
  }

  /**
   * Resolves names as {@code docker save} does: a tag saves that tag, a repository alone saves all
   * its tags, an ID saves the image without tags. Fails (404/400) before anything is written, and
   * also when a layer's tar is missing, since a partial archive would be worse than none.
   */
  List<SavedImage> resolve(List<String> names) throws SQLException {
    if (names.isEmpty()) {
      throw ApiException.badRequest("no images to save: give at least one name");
    }
    Map<String, String> tags = images.allTags();
    Map<String, Set<String>> byId = new LinkedHashMap<>();
    for (String name : names) {
      for (Selected sel : match(name, tags)) {
        Set<String> s = byId.computeIfAbsent(sel.id(), k -> new LinkedHashSet<>());
        if (sel.tag() != null) {
          s.add(sel.tag());
        }
      }
    }
    List<SavedImage> out = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : byId.entrySet()) {
      ImageRecord r = images.resolve(e.getKey());
      for (String diffId : r.diffIds()) {
        if (!images.layers().hasTar(diffId)) {
          throw ApiException.internal("cannot save " + ImageService.shortId(r.id()) + ": the tar of layer " + diffId
              + " is missing from the store");
        }
      }
      out.add(new SavedImage(r, List.copyOf(e.getValue())));
    }
    return out;
  }

  /** An image a name selects, with the tag it selects it by (null when by ID). */
  private record Selected(String id, String tag) {}

  private List<Selected> match(String name, Map<String, String> tags) throws SQLException {
    String hex = name.startsWith("sha256:") ? name.substring(7) : name;
    if (name.startsWith("sha256:") || hex.matches("[0-9a-f]{64}")) {
      return List.of(new Selected(images.resolve(name).id(), null));
    }
    ImageReference ref;
    try {
      ref = ImageReference.parse(name);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    if (ImageReference.hasTag(name)) {
      String id = tags.get(ref.toString());
      if (id == null) {
        throw ApiException.notFound("No such image: " + ref);
      }
      return List.of(new Selected(id, ref.toString()));
    }
    List<Selected> out = new ArrayList<>();
    String prefix = ref.repository() + ":";
    tags.forEach((tag, id) -> {
      if (tag.startsWith(prefix)) {
        out.add(new Selected(id, tag));
      }
    });
    if (out.isEmpty()) {
      out.add(new Selected(images.resolve(name).id(), null)); // maybe an ID prefix
    }
    return out;
  }

  /** Writes the archive of {@code saved} onto {@code out}; does not close it. */
  void write(List<SavedImage> saved, OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    Instant epoch = Instant.EPOCH;
    directory(tar, "blobs/", epoch);
    directory(tar, "blobs/sha256/", epoch);
    Set<String> written = new HashSet<>();
    ArrayNode manifest = Json.plain().createArrayNode();
    ArrayNode indexManifests = Json.plain().createArrayNode();
    ObjectNode repositories = Json.plain().createObjectNode();
    for (SavedImage s : saved) {
      ImageRecord r = s.image();
      Instant created = Instant.ofEpochSecond(r.createdSeconds());
      byte[] config = images.blobs().read(r.id());
      if (!Digests.of(config).equals(r.id())) {
        throw new IOException("the config of image " + r.id() + " is damaged in the store");
      }
      blob(tar, r.id(), config, created, written);
      ArrayNode layerNames = Json.plain().createArrayNode();
      ArrayNode layerDescriptors = Json.plain().createArrayNode();
      for (String diffId : r.diffIds()) {
        long size = images.layers().tarSize(diffId);
        if (written.add(diffId)) {
          layer(tar, diffId, size, created);
        }
        layerNames.add(blobName(diffId));
        layerDescriptors.addObject().put("mediaType", LAYER_MEDIA_TYPE).put("digest", diffId).put("size", size);
      }
      byte[] ociManifest = ociManifest(r.id(), config.length, layerDescriptors);
      String manifestDigest = Digests.of(ociManifest);
      blob(tar, manifestDigest, ociManifest, Instant.EPOCH, written);

      ObjectNode item = manifest.addObject();
      item.put("Config", blobName(r.id()));
      if (s.tags().isEmpty()) {
        item.putNull("RepoTags");
      } else {
        ArrayNode repoTags = item.putArray("RepoTags");
        s.tags().forEach(repoTags::add);
      }
      item.set("Layers", layerNames);

      for (String tag : s.tags()) {
        ImageReference ref = ImageReference.parse(tag);
        ObjectNode d = descriptor(indexManifests.addObject(), manifestDigest, ociManifest.length);
        d.putObject("annotations").put("io.containerd.image.name", ref.fullName())
            .put("org.opencontainers.image.ref.name", ref.tag());
        if (!r.diffIds().isEmpty()) {
          ObjectNode repo = repositories.has(ref.repository()) ? (ObjectNode) repositories.get(ref.repository())
              : repositories.putObject(ref.repository());
          repo.put(ref.tag(), Digests.hex(r.diffIds().get(r.diffIds().size() - 1)));
        }
      }
      if (s.tags().isEmpty()) {
        descriptor(indexManifests.addObject(), manifestDigest, ociManifest.length);
      }
    }
    ObjectNode index = Json.plain().createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", INDEX_MEDIA_TYPE);
    index.set("manifests", indexManifests);
    file(tar, OciLayoutIndex.FILE, Json.plain().writeValueAsBytes(index), epoch);
    file(tar, DockerArchiveManifest.FILE, Json.plain().writeValueAsBytes(manifest), epoch);
    file(tar, OciLayoutIndex.LAYOUT, "{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8), epoch);
    if (!repositories.isEmpty()) {
      file(tar, "repositories", Json.plain().writeValueAsBytes(repositories), epoch);
    }
    tar.finish();
    tar.flush();
  }

  private static ObjectNode descriptor(ObjectNode d, String digest, long size) {
    return d.put("mediaType", MANIFEST_MEDIA_TYPE).put("digest", digest).put("size", size);
  }

  private static byte[] ociManifest(String configDigest, long configSize, ArrayNode layers) throws IOException {
    ObjectNode m = Json.plain().createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MANIFEST_MEDIA_TYPE);
    m.putObject("config").put("mediaType", CONFIG_MEDIA_TYPE).put("digest", configDigest).put("size", configSize);
    m.set("layers", layers);
    return Json.plain().writeValueAsBytes(m);
  }

  private static String blobName(String digest) {
    return "blobs/sha256/" + Digests.hex(digest);
  }

  private static void blob(TarArchiveOutputStream tar, String digest, byte[] content, Instant mtime, Set<String> written)
      throws IOException {
    if (written.add(digest)) {
      file(tar, blobName(digest), content, mtime);
    }
  }

  /** Streams a layer's kept tar into the archive, checking that its bytes still hash to the diffID. */
  private void layer(TarArchiveOutputStream tar, String diffId, long size, Instant mtime) throws IOException {
    TarArchiveEntry e = entry(blobName(diffId), mtime, 0100644);
    e.setSize(size);
    tar.putArchiveEntry(e);
    MessageDigest md = Digests.sha256();
    try (InputStream in = new DigestInputStream(images.layers().openTar(diffId), md)) {
      long copied = in.transferTo(tar);
      if (copied != size) {
        throw new IOException("the tar of layer " + diffId + " changed size while being saved");
      }
    }
    if (!Digests.format(md.digest()).equals(diffId)) {
      throw new IOException("the tar of layer " + diffId + " is damaged in the store");
    }
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, String name, byte[] content, Instant mtime) throws IOException {
    TarArchiveEntry e = entry(name, mtime, 0100644);
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static void directory(TarArchiveOutputStream tar, String name, Instant mtime) throws IOException {
    tar.putArchiveEntry(entry(name, mtime, 040755));
    tar.closeArchiveEntry();
  }

  private static TarArchiveEntry entry(String name, Instant mtime, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setMode(mode);
    e.setModTime(java.nio.file.attribute.FileTime.from(mtime));
    e.setUserName("");
    e.setGroupName("");
    return e;
  }
}
