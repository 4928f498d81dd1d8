package dev.berth.daemon.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.ApiVersion;
import dev.berth.daemon.util.Times;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON clients read about images, field for field as Docker writes it for the API version
 * asked: the list's summaries, inspect, and history.
 *
 * <p>Version matters here because clients parse strictly in places: before 1.43 an untagged image
 * is {@code <none>:<none>}; before 1.44 there is a {@code VirtualSize}; before 1.50 inspect's
 * Config carries the container-only fields (Hostname, AttachStdin, ...) with zero values, and
 * 1.50-1.51 still send Cmd, Env and the rest as null when unset; from 1.51 the list counts
 * containers instead of answering -1.
 */
final class ImageViews {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ApiVersion V1_43 = new ApiVersion(1, 43);
  private static final ApiVersion V1_44 = new ApiVersion(1, 44);
  private static final ApiVersion V1_45 = new ApiVersion(1, 45);
  private static final ApiVersion V1_50 = new ApiVersion(1, 50);
  private static final ApiVersion V1_51 = new ApiVersion(1, 51);
  private static final ApiVersion V1_52 = new ApiVersion(1, 52);
  /** Config fields that belong to containers, which images only ever had as zero values. */
  private static final Set<String> CONTAINER_ONLY = Set.of("Hostname", "Domainname", "AttachStdin", "AttachStdout",
      "AttachStderr", "Tty", "OpenStdin", "StdinOnce", "Image", "NetworkDisabled", "MacAddress", "StopTimeout");

  private final ImageService images;

  ImageViews(ImageService images) {
    this.images = images;
  }

  /** One entry of {@code GET /images/json}; {@code sharedSize} is -1 unless the client asked for it. */
  ObjectNode summary(ImageRecord r, List<String> tags, long sharedSize, ApiVersion v) {
    ObjectNode o = F.objectNode();
    o.put("Containers", v.atLeast(V1_51) ? images.containerCount(r.id()) : -1);
    o.put("Created", r.createdSeconds());
    o.put("Id", r.id());
    JsonNode labels = r.runConfig().get("Labels");
    o.set("Labels", labels != null && labels.isObject() ? labels : F.nullNode());
    o.put("ParentId", parent(r));
    ArrayNode repoTags = o.putArray("RepoTags");
    ArrayNode repoDigests = o.putArray("RepoDigests");
    tags.forEach(repoTags::add);
    r.repoDigests().forEach(repoDigests::add);
    if (tags.isEmpty() && !v.atLeast(V1_43)) {
      repoTags.add("<none>:<none>");
      repoDigests.add("<none>@<none>");
    }
    o.put("SharedSize", sharedSize);
    o.put("Size", r.size());
    if (!v.atLeast(V1_44)) {
      o.put("VirtualSize", r.size());
    }
    return o;
  }

  /** The image a build step or a commit made this one from, as dockerd's graph driver store reports it; else "". */
  private String parent(ImageRecord r) {
    try {
      String p = images.parentOf(r.id());
      return p == null ? "" : p;
    } catch (SQLException e) {
      throw new java.io.UncheckedIOException(new java.io.IOException(e));
    }
  }

  /** {@code GET /images/{name}/json}. */
  ObjectNode inspect(ImageRecord r, ApiVersion v) throws SQLException {
    ObjectNode c = r.config();
    boolean legacy = !v.atLeast(V1_52);
    ObjectNode o = F.objectNode();
    o.put("Id", r.id());
    ArrayNode repoTags = o.putArray("RepoTags");
    r.tags().forEach(repoTags::add);
    ArrayNode repoDigests = o.putArray("RepoDigests");
    r.repoDigests().forEach(repoDigests::add);
    if (legacy) {
      o.put("Parent", parent(r));
    }
    putText(o, "Comment", c.path("comment").asText(""), legacy);
    String created = created(r);
    if (!created.isEmpty()) {
      o.put("Created", created);
    } else if (!v.atLeast(V1_44)) {
      o.put("Created", Times.ZERO);
    }
    if (!v.atLeast(V1_45)) {
      o.put("Container", c.path("container").asText(""));
      o.set("ContainerConfig", c.has("container_config") ? c.get("container_config") : F.nullNode());
    }
    putText(o, "DockerVersion", c.path("docker_version").asText(""), legacy);
    putText(o, "Author", c.path("author").asText(""), legacy);
    o.set("Config", runConfig(r, v));
    o.put("Architecture", c.path("architecture").asText(""));
    putText(o, "Variant", c.path("variant").asText(""), false);
    o.put("Os", c.path("os").asText("linux"));
    putText(o, "OsVersion", c.path("os.version").asText(""), false);
    o.put("Size", r.size());
    if (!v.atLeast(V1_44)) {
      o.put("VirtualSize", r.size());
    }
    o.set("GraphDriver", graphDriver(r));
    ObjectNode rootfs = o.putObject("RootFS");
    rootfs.put("Type", "layers");
    if (!r.diffIds().isEmpty()) {
      ArrayNode layers = rootfs.putArray("Layers");
      r.diffIds().forEach(layers::add);
    }
    o.putObject("Metadata").put("LastTagTime", Times.ZERO);
    return o;
  }

  /** Docker's omitempty, except where older versions always sent the field. */
  private static void putText(ObjectNode o, String name, String value, boolean always) {
    if (always || !value.isEmpty()) {
      o.put(name, value);
    }
  }

  /** The config's creation time as RFC 3339 with nanoseconds, or empty when the image has none. */
  private static String created(ImageRecord r) {
    String text = r.created();
    if (text.isEmpty()) {
      return "";
    }
    try {
      return Times.rfc3339(Instant.parse(text));
    } catch (RuntimeException e) {
      return text;
    }
  }

  private static ObjectNode runConfig(ImageRecord r, ApiVersion v) {
    ObjectNode cfg = r.runConfig().deepCopy();
    if (v.atLeast(V1_50)) {
      cfg.remove(CONTAINER_ONLY);
    } else {
      defaults(cfg, Map.of("Hostname", "", "Domainname", "", "User", "", "Image", "", "WorkingDir", ""));
      defaults(cfg, Map.of("AttachStdin", false, "AttachStdout", false, "AttachStderr", false, "Tty", false,
          "OpenStdin", false, "StdinOnce", false));
    }
    if (!v.atLeast(V1_52)) {
      defaults(cfg, Map.of("User", "", "WorkingDir", ""));
      for (String k : List.of("Cmd", "Entrypoint", "Env", "Labels", "OnBuild", "Volumes")) {
        if (!cfg.has(k)) {
          cfg.putNull(k);
        }
      }
    }
    return cfg;
  }

  private static void defaults(ObjectNode cfg, Map<String, Object> values) {
    values.forEach((k, val) -> {
      if (!cfg.hasNonNull(k)) {
        if (val instanceof Boolean b) {
          cfg.put(k, b);
        } else {
          cfg.put(k, (String) val);
        }
      }
    });
  }

  /** Where the layers are, in overlay2's terms: the top layer as UpperDir, the rest as LowerDir (top first). */
  private ObjectNode graphDriver(ImageRecord r) {
    ObjectNode g = F.objectNode();
    List<String> chains = r.chainIds();
    if (chains.isEmpty()) {
      g.putNull("Data");
    } else {
      LayerStore layers = images.layers();
      ObjectNode data = g.putObject("Data");
      List<String> lower = new ArrayList<>();
      for (int i = chains.size() - 2; i >= 0; i--) {
        lower.add(layers.diffDir(chains.get(i)).toString());
      }
      java.nio.file.Path top = layers.diffDir(chains.get(chains.size() - 1));
      if (!lower.isEmpty()) {
        data.put("LowerDir", String.join(":", lower));
      }
      data.put("MergedDir", top.resolveSibling("merged").toString());
      data.put("UpperDir", top.toString());
      data.put("WorkDir", top.resolveSibling("work").toString());
    }
    g.put("Name", "overlay2");
    return g;
  }

  /** {@code GET /images/{name}/history}: newest first; entries below the top are {@code <missing>}, as Docker's. */
  ArrayNode history(ImageRecord r) throws SQLException, IOException {
    List<String> chains = r.chainIds();
    List<ObjectNode> items = new ArrayList<>();
    JsonNode history = r.config().path("history");
    int layer = 0;
    if (history.isArray() && !history.isEmpty()) {
      for (JsonNode h : history) {
        long size = 0;
        if (!h.path("empty_layer").asBoolean(false)) {
          if (layer >= chains.size()) {
            throw new IOException("too many non-empty layers in History section");
          }
          size = layerSize(chains.get(layer++));
        }
        items.add(item(seconds(h.path("created").asText("")), h.path("created_by").asText(""),
            h.path("comment").asText(""), size));
      }
    } else {
      for (String chain : chains) {
        items.add(item(r.createdSeconds(), "", "", layerSize(chain)));
      }
    }
    ArrayNode out = F.arrayNode();
    for (int i = items.size() - 1; i >= 0; i--) {
      out.add(items.get(i));
    }
    if (!out.isEmpty()) {
      ObjectNode top = (ObjectNode) out.get(0);
      top.put("Id", r.id());
      if (r.tags().isEmpty()) {
        top.putNull("Tags");
      } else {
        ArrayNode tags = top.putArray("Tags");
        r.tags().forEach(tags::add);
      }
    }
    return out;
  }

  private static ObjectNode item(long created, String createdBy, String comment, long size) {
    ObjectNode o = F.objectNode();
    o.put("Comment", comment);
    o.put("Created", created);
    o.put("CreatedBy", createdBy);
    o.put("Id", "<missing>");
    o.put("Size", size);
    o.putNull("Tags");
    return o;
  }

  private long layerSize(String chain) throws SQLException {
    LayerStore.Layer l = images.layers().get(chain);
    return l == null ? 0 : l.size();
  }

  private static long seconds(String text) {
    try {
      return Instant.parse(text).getEpochSecond();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
