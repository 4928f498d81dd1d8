package dev.berth.daemon.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.api.ApiVersion;
import dev.berth.api.Filters;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /images} endpoints of the Engine API: thin adapters from HTTP onto
 * {@link ImageService}, {@link ImageArchiveLoader} and {@link ImageArchiveWriter}.
 *
 * <p>Image names contain slashes, so they are matched with the router's greedy parameter
 * ({@code /images/{name*}/json}); the fixed paths ({@code /images/json}, {@code /images/get}, ...)
 * are shorter and can never be taken for a name.
 */
public final class ImageRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ImageRoutes.class);
  private static final ApiVersion V1_42 = new ApiVersion(1, 42);
  private static final Set<String> PRUNE_FILTERS = Set.of("dangling", "label", "label!", "until");

  private final ImageService images;
  private final ImageArchiveLoader loader;
  private final ImageArchiveWriter writer;
  private final ImageViews views;
  private final Router.Handler pull;
  private final Router.Handler push;

  /** Routes without a registry client: pull and push answer 501. */
  public ImageRoutes(ImageService images) {
    this(images, ex -> {
      throw new ApiException(HttpResponseStatus.NOT_IMPLEMENTED, "pulling images is not available in this daemon");
    }, ex -> {
      throw new ApiException(HttpResponseStatus.NOT_IMPLEMENTED, "pushing images is not available in this daemon");
    });
  }

  /** Routes whose pulls ({@code POST /images/create?fromImage=}) and pushes go to the registry client. */
  public ImageRoutes(ImageService images, Router.Handler pull, Router.Handler push) {
    this.pull = pull;
    this.push = push;
    this.images = images;
    this.loader = new ImageArchiveLoader(images);
    this.writer = new ImageArchiveWriter(images);
    this.views = new ImageViews(images);
  }

  public void register(Router router) {
    router.get("/images/json", this::list)
        .post("/images/create", this::create)
        .post("/images/load", this::load)
        .get("/images/get", ex -> save(ex, ex.queryAll("names")))
        .post("/images/prune", this::prune)
        .get("/images/{name*}/json", this::inspect)
        .get("/images/{name*}/history", this::history)
        .get("/images/{name*}/get", ex -> save(ex, List.of(ex.path("name"))))
        .post("/images/{name*}/tag", this::tag)
        .post("/images/{name*}/push", ex -> push.handle(ex))
        .delete("/images/{name*}", this::remove);
  }

  private void list(Exchange ex) throws SQLException {
    Filters filters = ex.filters();
    String legacy = ex.query("filter");
    ImageListFilter filter = new ImageListFilter(filters, legacy == null || legacy.isEmpty() ? List.of() : List.of(legacy),
        images);
    boolean sharedSize = ex.version().atLeast(V1_42) && ex.flag("shared-size", false);
    List<ImageRecord> all = images.list();
    Map<String, Integer> layerRefs = sharedSize ? layerReferences(all) : Map.of();
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    java.util.Set<String> hidden = ex.flag("all", false) ? java.util.Set.of() : images.intermediates(all);
    for (ImageRecord r : all) {
      if (hidden.contains(r.id())) {
        continue;
      }
      List<String> tags = filter.select(r);
      if (tags != null) {
        out.add(views.summary(r, tags, sharedSize ? sharedSize(r, layerRefs) : -1, ex.version()));
      }
    }
    ex.json(out);
  }

  /**
   * The images as {@code system df} lists them: every image but the builder's hidden
   * intermediates, with its container count and the bytes it shares with others; and the
   * total size of all layers (each counted once).
   */
  public record Usage(List<ObjectNode> images, long layersSize) {}

  public Usage usage(ApiVersion v) throws SQLException {
    List<ImageRecord> all = images.list();
    Map<String, Integer> refs = layerReferences(all);
    java.util.Set<String> hidden = images.intermediates(all);
    List<ObjectNode> out = new java.util.ArrayList<>();
    for (ImageRecord r : all) {
      if (!hidden.contains(r.id())) {
        ObjectNode o = views.summary(r, r.tags(), sharedSize(r, refs), v);
        o.put("Containers", images.containerCount(r.id()));
        out.add(o);
      }
    }
    long layers = 0;
    for (String chain : refs.keySet()) {
      LayerStore.Layer l = images.layers().get(chain);
      layers += l == null ? 0 : l.size();
    }
    return new Usage(out, layers);
  }

  private static Map<String, Integer> layerReferences(List<ImageRecord> all) {
    Map<String, Integer> refs = new HashMap<>();
    for (ImageRecord r : all) {
      for (String chain : r.chainIds()) {
        refs.merge(chain, 1, Integer::sum);
      }
    }
    return refs;
  }

  /** Bytes of the image's layers that other images use too. */
  private long sharedSize(ImageRecord r, Map<String, Integer> refs) throws SQLException {
    long shared = 0;
    for (String chain : r.chainIds()) {
      LayerStore.Layer l = images.layers().get(chain);
      if (refs.getOrDefault(chain, 0) > 1 && l != null) {
        shared += l.size();
      }
    }
    return shared;
  }

  private void inspect(Exchange ex) throws SQLException {
    ex.json(views.inspect(images.resolve(ex.path("name")), ex.version()));
  }

  private void history(Exchange ex) throws SQLException, IOException {
    ex.json(views.history(images.resolve(ex.path("name"))));
  }

  private void tag(Exchange ex) throws SQLException {
    String repo = ex.query("repo", "");
    if (repo.isEmpty()) {
      throw ApiException.badRequest("invalid reference format: repository name must have at least one component");
    }
    if (repo.equals("sha256")) {
      throw ApiException.badRequest("refusing to create an ambiguous tag using digest algorithm as name");
    }
    images.tag(ex.path("name"), repo, ex.query("tag", ""));
    ex.status(HttpResponseStatus.CREATED);
  }

  private void remove(Exchange ex) throws SQLException, IOException {
    String name = ex.path("name");
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("image name cannot be blank");
    }
    ex.json(images.remove(name, ex.flag("force", false), ex.flag("noprune", false)));
  }

  private void prune(Exchange ex) throws SQLException, IOException {
    Filters filters = ex.filters();
    filters.requireKnown(PRUNE_FILTERS);
    boolean danglingOnly = true;
    for (String v : filters.get("dangling")) {
      danglingOnly = switch (v.toLowerCase(java.util.Locale.ROOT)) {
        case "1", "true" -> true;
        case "0", "false" -> false;
        default -> throw ApiException.badRequest("invalid filter 'dangling=" + v + "'");
      };
    }
    for (String until : filters.get("until")) {
      try {
        dev.berth.daemon.util.Times.parseSince(until);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid value for 'until' filter: " + e.getMessage());
      }
    }
    ex.json(images.prune(!danglingOnly, filters));
  }

  /** {@code POST /images/create}: a pull ({@code fromImage}) or an import of a rootfs tar ({@code fromSrc=-}). */
  private void create(Exchange ex) throws Exception {
    String fromImage = ex.query("fromImage", "");
    if (!fromImage.isEmpty()) {
      pull.handle(ex);
      return;
    }
    String fromSrc = ex.query("fromSrc", "");
    if (fromSrc.isEmpty()) {
      throw ApiException.badRequest("either fromImage or fromSrc must be given");
    }
    if (!fromSrc.equals("-")) {
      throw ApiException.badRequest("importing from a URL is not supported by Berth yet; send the tarball as the body "
          + "(fromSrc=-)");
    }
    String message = ex.query("message", "");
    String id = images.importRootfs(ex.body(), ex.query("repo", ""), ex.query("tag", ""), ex.queryAll("changes"),
        message.isEmpty() ? "Imported from -" : message);
    JsonMessages out = messages(ex);
    out.status(id);
    out.close();
  }

  /**
   * {@code POST /images/load}: the answer is always 200 and a JSON stream, errors included, as
   * Docker's; {@code quiet} (Docker's default) leaves out the per-layer progress.
   */
  private void load(Exchange ex) throws IOException {
    boolean quiet = ex.flag("quiet", true);
    JsonMessages out = messages(ex);
    try {
      loader.load(ex.body(), out, quiet);
    } catch (Exception e) {
      LOG.debug("load failed", e);
      try {
        out.error(ImageArchiveLoader.describe(e));
      } catch (IOException gone) {
        LOG.debug("could not report a failed load: {}", gone.toString());
      }
    }
    out.begin();
    out.close();
  }

  /** {@code docker save}: names resolved (404 before any byte), then the archive streams. */
  private void save(Exchange ex, List<String> names) throws SQLException {
    List<ImageArchiveWriter.SavedImage> saved = writer.resolve(names);
    OutputStream raw = ex.stream(HttpResponseStatus.OK, "application/x-tar", null);
    try (OutputStream buffered = new BufferedOutputStream(raw, 256 << 10)) {
      writer.write(saved, buffered);
      for (ImageArchiveWriter.SavedImage image : saved) {
        images.emit("save", image.image().id(), image.image().id());
      }
    } catch (IOException e) {
      // The status is sent: all that is left is to stop. The archive lacks its end, so loaders reject it.
      LOG.warn("save of {} failed after the archive began: {}", names, e.toString());
    } finally {
      try {
        raw.close();
      } catch (IOException ignored) {
        // the client is gone
      }
    }
  }

  private static JsonMessages messages(Exchange ex) {
    return new JsonMessages(() -> ex.stream("application/json"));
  }
}
