package dev.berth.daemon.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Filters;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.store.MetadataStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The image store as the API sees it: list, resolve, tag, remove, prune and import. Images are
 * content-addressed: the ID is the digest of the config blob, and layers are shared snapshots.
 */
public final class ImageService {
  private final BlobStore blobs;
  private final LayerStore layers;
  private final ImageStore images;
  private final Object lock = new Object();
  /** Chain IDs that imports under way use before their image exists; garbage collection spares them. */
  private final Map<String, Integer> leased = new HashMap<>();
  private volatile Function<String, List<ImageUser>> containersUsing = id -> List.of();

  private final ImageParents parents;

  public ImageService(Path root, MetadataStore db) throws IOException {
    this.blobs = new BlobStore(root);
    this.layers = new LayerStore(root, blobs, db);
    this.images = new ImageStore(db);
    try {
      this.parents = new ImageParents(db);
    } catch (SQLException e) {
      throw new IOException("image metadata: " + e.getMessage(), e);
    }
    ArchiveSpool.removeLeftovers(blobs.tmpDir());
    try {
      // what pulls, loads and builds that a crash ended added without their image
      LayerSweeper.sweep(layers.overlayRoot(), db);
      collectGarbage();
    } catch (SQLException e) {
      throw new IOException("image metadata: " + e.getMessage(), e);
    }
  }

  /** Records that a build step made {@code child} from {@code parent}. */
  public void setParent(String child, String parent) throws SQLException {
    parents.set(child, parent);
  }

  /** The image a build step made this one from, or null. */
  public String parentOf(String id) throws SQLException {
    return parents.parentOf(id);
  }

  /**
   * The builder's intermediate images among {@code all}: untagged with children. {@code images}
   * hides these unless {@code -a}, as Docker does.
   */
  public java.util.Set<String> intermediates(List<ImageRecord> all) throws SQLException {
    java.util.Set<String> withChildren = parents.withChildren();
    java.util.Set<String> out = new java.util.HashSet<>();
    for (ImageRecord r : all) {
      if (r.tags().isEmpty() && withChildren.contains(r.id())) {
        out.add(r.id());
      }
    }
    return out;
  }

  /** Tells the image store which containers use an image, for removal checks. */
  private volatile dev.berth.daemon.events.EventBus bus;

  /** Where image events (load, import, tag, untag, delete, save) go. */
  public void events(dev.berth.daemon.events.EventBus bus) {
    this.bus = bus;
  }

  /** Publishes an image event as Docker does: the image's labels, then {@code name}. */
  public void emit(String action, String imageId, String name) {
    dev.berth.daemon.events.EventBus b = bus;
    if (b == null) {
      return;
    }
    Map<String, String> attributes = new java.util.HashMap<>();
    try {
      ImageRecord r = images.byId(imageId);
      if (r != null) {
        attributes.putAll(labels(r));
      }
    } catch (SQLException | RuntimeException e) {
      // the labels are a courtesy; the event goes out without them
    }
    attributes.put("name", name);
    b.publish("image", action, imageId, attributes);
  }

  public void containersUsing(Function<String, List<ImageUser>> lookup) {
    this.containersUsing = lookup;
  }

  public BlobStore blobs() {
    return blobs;
  }

  public LayerStore layers() {
    return layers;
  }

  /** A directory for temporary files on the store's filesystem, so that renames into it stay atomic. */
  Path tmpDir() {
    return blobs.tmpDir();
  }

  public List<ImageRecord> list() throws SQLException {
    return images.all();
  }

  /** Resolves a tag, full ID or unique ID prefix; 404 "No such image" otherwise. */
  public ImageRecord resolve(String nameOrId) throws SQLException {
    ImageRecord r = find(nameOrId);
    if (r == null) {
      throw ApiException.notFound("No such image: " + nameOrId);
    }
    return r;
  }

  public ImageRecord find(String nameOrId) throws SQLException {
    if (nameOrId == null || nameOrId.isEmpty()) {
      return null;
    }
    String hex = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
    if (hex.matches("[0-9a-f]{64}")) {
      ImageRecord r = images.byId("sha256:" + hex);
      if (r != null) {
        return r;
      }
    }
    try {
      ImageReference ref = ImageReference.parse(nameOrId);
      String id = images.idForTag((ref.isDigest() ? ref.withDigest(ref.digest()) : ref).toString());
      if (id != null) {
        return images.byId(id);
      }
    } catch (IllegalArgumentException notAReference) {
      // maybe an ID prefix
    }
    if (hex.matches("[0-9a-f]{1,63}")) {
      List<String> ids = images.idsWithPrefix(hex);
      if (ids.size() == 1) {
        return images.byId(ids.get(0));
      }
    }
    return null;
  }

  /**
   * Records {@code repository@digest} for an image: the manifest a registry holds it under, from a
   * pull or push. It resolves like a tag and shows in RepoDigests.
   */
  public void addRepoDigest(String imageId, String repository, String manifestDigest) throws SQLException {
    String name = ImageReference.parse(repository + "@" + Digests.require(manifestDigest)).toString();
    synchronized (lock) {
      images.tag(name, imageId);
    }
  }

  public void tag(String source, String repo, String tag) throws SQLException {
    ImageRecord r = resolve(source);
    ImageReference ref;
    try {
      ref = ImageReference.of(repo, tag);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    images.tag(ref.toString(), r.id());
    emit("tag", r.id(), ref.toString());
  }

  /**
   * Stores an image whose layers are already registered: writes the config blob and the rows.
   * Returns the ID.
   */
  public String store(ObjectNode config, List<String> diffIds, List<String> tags) throws IOException, SQLException {
    byte[] bytes = Json.plain().writeValueAsBytes(config);
    return store(bytes, diffIds, tags);
  }

  /** As {@link #store(ObjectNode, List, List)} with the config's exact bytes (their digest is the ID). */
  public String store(byte[] configBytes, List<String> diffIds, List<String> tags) throws IOException, SQLException {
    return storeAll(List.of(new PendingImage(configBytes, diffIds, tags))).ids().get(0);
  }

  /** An image whose layers are registered, ready to be recorded. */
  public record PendingImage(byte[] config, List<String> diffIds, List<String> tags) {}

  /** What {@link #storeAll} did: the IDs in order, and each tag taken from another image (tag to old ID). */
  public record Stored(List<String> ids, Map<String, String> movedTags) {}

  /**
   * Records several images at once: their config blobs first, then all rows and tags in one
   * transaction, so that either every image appears or none does. A tag that named another image
   * moves, leaving that one untagged, as Docker does.
   */
  public Stored storeAll(List<PendingImage> pending) throws IOException, SQLException {
    List<ImageStore.Row> rows = new ArrayList<>();
    List<String> written = new ArrayList<>();
    try {
      for (PendingImage p : pending) {
        ObjectNode config = (ObjectNode) Json.plain().readTree(p.config());
        long size = 0;
        for (String chain : LayerStore.chainIds(p.diffIds())) {
          LayerStore.Layer l = layers.get(chain);
          if (l == null) {
            throw new IOException("layer " + chain + " is not in the store");
          }
          size += l.size();
        }
        List<String> normalized = new ArrayList<>();
        for (String t : p.tags()) {
          normalized.add(ImageReference.parse(t).toString());
        }
        String id = Digests.of(p.config());
        if (!blobs.has(id)) {
          blobs.put(p.config());
          written.add(id);
        }
        rows.add(new ImageStore.Row(id, config, p.diffIds(), size, parseCreated(config.path("created").asText("")),
            normalized));
      }
      Map<String, String> moved;
      synchronized (lock) {
        moved = images.putAll(rows);
      }
      written.clear();
      return new Stored(rows.stream().map(ImageStore.Row::id).toList(), moved);
    } finally {
      for (String id : written) {
        if (images.byId(id) == null) {
          blobs.delete(id);
        }
      }
    }
  }

  /**
   * Keeps layers (by chain ID) from garbage collection while an import that will use them is under
   * way: between registering a layer and recording the image, nothing else refers to it.
   */
  public LayerLease lease(Collection<String> chainIds) {
    LayerLease l = new LayerLease();
    l.addAll(chainIds);
    return l;
  }

  /** A set of leased chain IDs; closing it returns them to garbage collection's view. */
  public final class LayerLease implements AutoCloseable {
    private final List<String> held = new ArrayList<>();

    public void addAll(Collection<String> chainIds) {
      synchronized (lock) {
        for (String c : chainIds) {
          leased.merge(c, 1, Integer::sum);
          held.add(c);
        }
      }
    }

    @Override
    public void close() {
      synchronized (lock) {
        for (String c : held) {
          leased.computeIfPresent(c, (k, n) -> n == 1 ? null : n - 1);
        }
        held.clear();
      }
    }
  }

  /** Removes those of {@code chainIds} that no image uses and no import holds: a failed import's cleanup. */
  public void deleteLayersIfUnused(Collection<String> chainIds) throws SQLException, IOException {
    synchronized (lock) {
      layers.deleteUnused(inUse(), chainIds);
    }
  }

  private Set<String> inUse() throws SQLException {
    Set<String> inUse = new HashSet<>(images.allDiffChains());
    inUse.addAll(leased.keySet());
    return inUse;
  }

  /** Every tag in the store and the image ID it names: for {@code save} by repository. */
  public Map<String, String> allTags() throws SQLException {
    return images.allTags();
  }

  /** How many containers use an image (the Containers field of the list). */
  public int containerCount(String imageId) {
    return containersUsing.apply(imageId).size();
  }

  /** The host's architecture as OCI names it. */
  public static String hostArchitecture() {
    return switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "arm" -> "arm";
      case "ppc64le" -> "ppc64le";
      case "s390x" -> "s390x";
      case "riscv64" -> "riscv64";
      default -> System.getProperty("os.arch");
    };
  }

  private static long parseCreated(String text) {
    try {
      return Instant.parse(text).getEpochSecond();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** {@code docker import}: one layer from a rootfs tarball (plain or compressed). */
  public String importRootfs(InputStream tar, String repo, String tag, List<String> changes, String message)
      throws IOException, SQLException {
    ImageReference ref = null;
    if (repo != null && !repo.isEmpty()) {
      try {
        ref = ImageReference.of(repo, tag);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }
    ObjectNode runConfig = Json.plain().createObjectNode();
    try {
      ConfigChanges.apply(runConfig, changes);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    try (LayerLease lease = lease(List.of())) {
      LayerStore.Layer layer;
      try {
        layer = layers.add(tar, null);
        lease.addAll(List.of(layer.chainId()));
      } catch (UnsafeArchiveException e) {
        throw ApiException.badRequest(e.getMessage());
      } catch (IOException e) {
        if (e.getMessage() != null && e.getMessage().contains("No space left")) {
          throw ApiException.internal("import failed: no space left on device");
        }
        throw ApiException.badRequest("import failed: " + e.getMessage());
      }
      String id = storeImported(layer, runConfig, ref, message);
      emit("import", id, id);
      return id;
    }
  }

  /** What a commit adds on top of its container's image. */
  public record Commit(String repo, String tag, String comment, String author, String createdBy, String containerId,
      ObjectNode runConfig) {}

  /**
   * {@code docker commit} and each build step: the parent image's layers (none for scratch) plus
   * one layer read from {@code layerTar} (none for a step that only changes the config: its history
   * entry is then marked empty), with the run configuration given. Returns the new image's ID.
   */
  public String commit(ImageRecord parent, InputStream layerTar, Commit c) throws IOException, SQLException {
    ImageReference ref = null;
    if (c.repo() != null && !c.repo().isEmpty()) {
      try {
        ref = ImageReference.of(c.repo(), c.tag());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }
    List<String> chains = parent == null ? List.of() : parent.chainIds();
    try (LayerLease lease = lease(chains)) {
      LayerStore.Layer layer = null;
      if (layerTar != null) {
        layer = layers.add(layerTar, chains.isEmpty() ? null : chains.get(chains.size() - 1));
        lease.addAll(List.of(layer.chainId()));
      }
      String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
      ObjectNode config = parent == null ? scratchConfig() : parent.config().deepCopy();
      config.put("created", now);
      if (c.containerId() != null) {
        config.put("container", c.containerId());
      } else {
        config.remove("container");
      }
      if (c.author() != null && !c.author().isEmpty()) {
        config.put("author", c.author());
      } else if (c.containerId() != null) {
        config.remove("author");
      }
      if (c.containerId() != null && c.comment() != null && !c.comment().isEmpty()) {
        config.put("comment", c.comment());
      } else if (c.containerId() != null) {
        config.remove("comment");
      }
      config.set("config", c.runConfig());
      ObjectNode rootfs = config.putObject("rootfs");
      rootfs.put("type", "layers");
      ArrayNode ids = rootfs.putArray("diff_ids");
      List<String> diffIds = new ArrayList<>(parent == null ? List.of() : parent.diffIds());
      if (layer != null) {
        diffIds.add(layer.diffId());
      }
      diffIds.forEach(ids::add);
      ArrayNode history = config.has("history") && config.get("history").isArray()
          ? (ArrayNode) config.get("history") : config.putArray("history");
      ObjectNode h = history.addObject();
      h.put("created", now);
      h.put("created_by", c.createdBy());
      if (c.author() != null && !c.author().isEmpty()) {
        h.put("author", c.author());
      }
      if (c.comment() != null && !c.comment().isEmpty()) {
        h.put("comment", c.comment());
      }
      if (layer == null) {
        h.put("empty_layer", true);
      }
      return store(config, diffIds, ref == null ? List.of() : List.of(ref.toString()));
    }
  }

  /**
   * The empty image a build {@code FROM scratch} starts from: no layers, no history. Its config has
   * no creation time, so every scratch build shares the one image (and its cache entries).
   */
  public ImageRecord scratch() throws IOException, SQLException {
    ObjectNode config = scratchConfig();
    config.putObject("config");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids");
    String id = store(config, List.of(), List.of());
    return resolve(id);
  }

  /** Tags an image with a reference as written ({@code app:1}, {@code localhost:5000/x}); returns its familiar form. */
  public String tagReference(String id, String reference) throws SQLException {
    ImageReference ref;
    try {
      ref = ImageReference.parse(reference);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid reference format: " + e.getMessage());
    }
    images.tag(ref.toString(), id);
    emit("tag", id, ref.toString());
    return ref.toString();
  }

  /** The config a build from {@code scratch} starts with. */
  private static ObjectNode scratchConfig() {
    ObjectNode config = Json.plain().createObjectNode();
    config.put("architecture", hostArchitecture());
    config.put("os", "linux");
    config.putArray("history");
    return config;
  }

  private String storeImported(LayerStore.Layer layer, ObjectNode runConfig, ImageReference ref, String message)
      throws IOException, SQLException {
    String comment = message == null || message.isEmpty() ? "Imported from -" : message;
    String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
    ObjectNode config = Json.plain().createObjectNode();
    config.put("architecture", hostArchitecture());
    config.put("comment", comment);
    config.put("os", "linux");
    config.put("created", now);
    config.set("config", runConfig);
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids").add(layer.diffId());
    ArrayNode history = config.putArray("history");
    ObjectNode h = history.addObject();
    h.put("created", now);
    h.put("created_by", "");
    h.put("comment", comment);
    return store(config, List.of(layer.diffId()), ref == null ? List.of() : List.of(ref.toString()));
  }

  /** A container that uses an image, for removal checks. */
  public record ImageUser(String containerId, boolean running) {}

  /** Removes a tag or an image, as {@code DELETE /images/{name}} does; returns the report items. */
  public List<Map<String, String>> remove(String name, boolean force, boolean noPrune) throws SQLException, IOException {
    synchronized (lock) {
      ImageRecord r = resolve(name);
      List<Map<String, String>> report = new ArrayList<>();
      List<ImageUser> users = containersUsing.apply(r.id());
      if (!isIdReference(name, r)) {
        ImageReference ref = ImageReference.parse(name);
        String tag = (ref.isDigest() ? ref.withDigest(ref.digest()) : ref).toString();
        // A repo digest alone never keeps an image that loses its last tag, as in Docker.
        int others = ref.isDigest() ? r.tags().size() + r.repoDigests().size() - 1 : r.tags().size() - 1;
        if (others > 0 || (!users.isEmpty() && force)) {
          images.untag(tag);
          report.add(Map.of("Untagged", tag));
          emit("untag", r.id(), r.id());
          return report;
        }
        if (!users.isEmpty()) {
          throw ApiException.conflict("conflict: unable to remove repository reference \"" + name
              + "\" (must force) - container " + shortId(users.get(0).containerId())
              + " is using its referenced image " + shortId(r.id()));
        }
      } else {
        if (r.tags().size() > 1 && !force) {
          throw ApiException.conflict("conflict: unable to delete " + shortId(r.id())
              + " (must be forced) - image is referenced in multiple repositories");
        }
        for (ImageUser u : users) {
          if (u.running()) {
            throw ApiException.conflict("conflict: unable to delete " + shortId(r.id())
                + " (cannot be forced) - image is being used by running container " + shortId(u.containerId()));
          }
          if (!force) {
            throw ApiException.conflict("conflict: unable to delete " + shortId(r.id())
                + " (must be forced) - image is being used by stopped container " + shortId(u.containerId()));
          }
        }
      }
      for (String t : r.tags()) {
        report.add(Map.of("Untagged", t));
        emit("untag", r.id(), r.id());
      }
      for (String d : r.repoDigests()) {
        report.add(Map.of("Untagged", d));
      }
      emit("delete", r.id(), r.id());
      images.delete(r.id());
      report.add(Map.of("Deleted", r.id()));
      blobs.delete(r.id());
      String parent = parents.parentOf(r.id());
      parents.forget(r.id());
      while (!noPrune && parent != null) {
        // a built image takes its untagged, otherwise childless build parents with it, as in Docker
        ImageRecord p = images.byId(parent);
        if (p == null || !p.tags().isEmpty() || parents.hasChildren(p.id())
            || !containersUsing.apply(p.id()).isEmpty()) {
          break;
        }
        emit("delete", p.id(), p.id());
        images.delete(p.id());
        blobs.delete(p.id());
        report.add(Map.of("Deleted", p.id()));
        parent = parents.parentOf(p.id());
        parents.forget(p.id());
      }
      if (!noPrune) {
        collectGarbage();
      }
      return report;
    }
  }

  private static boolean isIdReference(String name, ImageRecord r) {
    String hex = name.startsWith("sha256:") ? name.substring(7) : name;
    return r.id().substring(7).startsWith(hex) && hex.matches("[0-9a-f]+") && !r.tags().contains(tagOrNull(name));
  }

  private static String tagOrNull(String name) {
    try {
      return ImageReference.parse(name).toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Deletes layers that no image references any more and no import under way holds. */
  public void collectGarbage() throws SQLException, IOException {
    synchronized (lock) {
      layers.deleteUnused(inUse());
    }
  }

  /**
   * {@code image prune}: dangling images (no tags), or with {@code all} every image no container
   * uses; filters {@code label} and {@code until} as Docker's. Returns the report.
   */
  public Map<String, Object> prune(boolean all, Filters filters) throws SQLException, IOException {
    List<Map<String, String>> deleted = new ArrayList<>();
    long reclaimed = 0;
    synchronized (lock) {
      java.util.Set<String> withChildren = parents.withChildren();
      for (ImageRecord r : images.all()) {
        if ((!all && (!r.tags().isEmpty() || withChildren.contains(r.id())))
            || !containersUsing.apply(r.id()).isEmpty()) {
          continue;
        }
        if (!matchesPruneFilters(r, filters)) {
          continue;
        }
        for (String t : r.tags()) {
          deleted.add(Map.of("Untagged", t));
          emit("untag", r.id(), r.id());
        }
        emit("delete", r.id(), r.id());
        images.delete(r.id());
        blobs.delete(r.id());
        parents.forget(r.id());
        deleted.add(Map.of("Deleted", r.id()));
        reclaimed += r.size();
      }
      collectGarbage();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ImagesDeleted", deleted.isEmpty() ? null : deleted);
    out.put("SpaceReclaimed", reclaimed);
    return out;
  }

  private static boolean matchesPruneFilters(ImageRecord r, Filters f) {
    Map<String, String> labels = labels(r);
    if (!f.matchesLabels("label", labels)) {
      return false;
    }
    for (String unwanted : f.get("label!")) {
      if (matchesOneLabel(unwanted, labels)) {
        return false;
      }
    }
    for (String until : f.get("until")) {
      if (r.createdSeconds() >= dev.berth.daemon.util.Times.parseSince(until)) {
        return false;
      }
    }
    return true;
  }

  /** {@code key} or {@code key=value} against labels, for Docker's {@code label!} filter. */
  static boolean matchesOneLabel(String want, Map<String, String> labels) {
    int eq = want.indexOf('=');
    return eq < 0 ? labels.containsKey(want) : want.substring(eq + 1).equals(labels.get(want.substring(0, eq)));
  }

  public static Map<String, String> labels(ImageRecord r) {
    Map<String, String> out = new LinkedHashMap<>();
    var l = r.runConfig().get("Labels");
    if (l != null && l.isObject()) {
      l.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  public static String shortId(String id) {
    return Digests.hex(id).substring(0, 12);
  }

  /** Image IDs in the store, for the container service's own checks. */
  public Set<String> ids() throws SQLException {
    Set<String> out = new HashSet<>();
    images.all().forEach(r -> out.add(r.id()));
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
