package dev.berth.daemon.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An image as stored: its ID (the config digest), the OCI config document, the diffIDs of its
 * layers base first, its tags, its size (the unpacked bytes of its layers), when it was created, and
 * its repo digests ({@code repo@sha256:<manifest digest>}, from pulls and pushes).
 */
public record ImageRecord(String id, ObjectNode config, List<String> diffIds, List<String> tags, long size,
    long createdSeconds, List<String> repoDigests) {

  public ImageRecord(String id, ObjectNode config, List<String> diffIds, List<String> tags, long size,
      long createdSeconds) {
    this(id, config, diffIds, tags, size, createdSeconds, List.of());
  }

  /** Chain IDs of the layers, base first. */
  public List<String> chainIds() {
    return LayerStore.chainIds(diffIds);
  }

  /** The {@code config} section (Cmd, Env, ...), never null. */
  public ObjectNode runConfig() {
    var c = config.get("config");
    return c instanceof ObjectNode o ? o : config.objectNode();
  }

  public String created() {
    return config.path("created").asText("");
  }
}
