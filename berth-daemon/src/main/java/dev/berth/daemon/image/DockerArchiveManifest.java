package dev.berth.daemon.image;

import dev.berth.daemon.util.Messages;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the images of a {@code docker save} archive from its {@code manifest.json}: a list of
 * {@code {"Config", "RepoTags", "Layers"}}, where configs and layers are archive names
 * ({@code <hex>.json} and {@code <id>/layer.tar} before Docker 25, {@code blobs/sha256/<hex>} since).
 * The legacy {@code repositories} file carries nothing the manifest does not, so it is not read.
 */
final class DockerArchiveManifest {
  static final String FILE = "manifest.json";

  private DockerArchiveManifest() {}

  static List<ArchivedImage> read(ArchiveSpool spool) throws IOException {
    JsonNode root = parse(spool.readDocument(FILE), FILE);
    if (root.isNull()) {
      throw new IOException("invalid manifest, manifest cannot be null (but can be [])");
    }
    if (!root.isArray()) {
      throw new IOException("invalid archive: " + FILE + " is not a list of images");
    }
    List<ArchivedImage> out = new ArrayList<>();
    for (JsonNode item : root) {
      String config = item.path("Config").asText("");
      if (config.isEmpty()) {
        throw new IOException("invalid archive: an entry of " + FILE + " names no Config");
      }
      List<String> layers = new ArrayList<>();
      for (JsonNode l : item.path("Layers")) {
        layers.add(l.asText());
      }
      List<String> tags = new ArrayList<>();
      for (JsonNode t : item.path("RepoTags")) {
        tags.add(familiarTag(t.asText()));
      }
      out.add(new ArchivedImage(spool.readDocument(config), layers, tags));
    }
    return out;
  }

  /** A RepoTags entry must name a tag; {@code busybox} alone is taken as {@code busybox:latest}, as Docker does. */
  static String familiarTag(String text) throws IOException {
    try {
      return ImageReference.parse(text).toString();
    } catch (IllegalArgumentException e) {
      throw new IOException(Messages.oneLine("invalid tag \"" + text + "\" in the archive: " + e.getMessage()));
    }
  }

  static JsonNode parse(byte[] bytes, String name) throws IOException {
    try {
      return Json.plain().readTree(bytes);
    } catch (IOException e) {
      throw new IOException("invalid archive: " + Messages.oneLine(name) + " is not valid JSON", e);
    }
  }
}
