package dev.berth.daemon.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An image as stored: its ID (the config digest), the OCI config document, the diffIDs of its
 * layers base first, its tags, its size (the unpacked bytes of its layers) and when it was created.
 */
public record ImageRecord(String id, ObjectNode config, List<String> diffIds, List<String> tags, long size,
    long createdSeconds) {

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
