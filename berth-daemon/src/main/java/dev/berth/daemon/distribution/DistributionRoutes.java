package dev.berth.daemon.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.image.ImageRecord;
import dev.berth.daemon.image.ImageReference;
import dev.berth.daemon.image.ImageService;
import dev.berth.daemon.image.JsonMessages;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import dev.berth.daemon.store.MetadataStore;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry side of the Engine API: pull ({@code POST /images/create?fromImage=}), push
 * ({@code POST /images/{name}/push}) and login ({@code POST /auth}). Pull and push answer with a
 * JSON message stream; a failure before the first message is a plain HTTP error (404 for an
 * unknown repository or tag and for refused access), after it an error message in the stream.
 */
public final class DistributionRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(DistributionRoutes.class);
  private final ImageService images;
  private final Registries registries;
  private final ImagePuller puller;
  private final ImagePusher pusher;

  public DistributionRoutes(ImageService images, MetadataStore db, Registries registries) throws SQLException {
    this.images = images;
    this.registries = registries;
    LayerSources sources = new LayerSources(db);
    this.puller = new ImagePuller(images, registries, sources);
    this.pusher = new ImagePusher(images, registries, sources);
  }

  /**
   * Registers {@code /auth} and {@code /images/search}; pull and push are handed to the image routes
   * ({@link #pull}, {@link #push}).
   */
  public void register(Router router) {
    router.post("/auth", this::auth);
    router.get("/images/search", new ImageSearch(registries)::handle);
    router.get("/distribution/{name*}/json", new DistributionInspect(registries)::handle);
  }

  private static RegistryCredentials credentials(Exchange ex) {
    try {
      return RegistryCredentials.fromHeader(ex.headers().get("X-Registry-Auth"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /**
   * A pull for the builder ({@code FROM} an image that is not here, or {@code build --pull}): the
   * progress goes into the build's own message stream, which clients draw the same way. Returns
   * the image ID; failures come back as an {@link IOException} with the registry's message.
   */
  public String pullForBuild(String reference, java.io.OutputStream progress) throws IOException, SQLException,
      InterruptedException {
    ImageReference ref;
    try {
      ref = ImageReference.forPull(reference, "");
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid reference format: " + e.getMessage());
    }
    JsonMessages out = new JsonMessages(() -> progress);
    try {
      return puller.pull(ref, Platform.parse(""), false, RegistryCredentials.fromHeader(null), out);
    } catch (RegistryException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** {@code POST /images/create?fromImage=&tag=&platform=}. */
  public void pull(Exchange ex) throws Exception {
    ImageReference ref;
    Platform platform;
    try {
      ref = ImageReference.forPull(ex.query("fromImage", ""), ex.query("tag", ""));
      platform = Platform.parse(ex.query("platform", ""));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    RegistryCredentials creds = credentials(ex);
    JsonMessages out = new JsonMessages(() -> ex.stream("application/json"));
    try {
      puller.pull(ref, platform, !ex.query("platform", "").isBlank(), creds, out);
    } catch (RegistryException e) {
      // "pull access denied" is a 404, as Docker's: a 401 makes the docker CLI prompt for a login on stdin.
      fail(out, e.notFound() || e.unauthorized() || e.denied() ? HttpResponseStatus.NOT_FOUND
          : HttpResponseStatus.INTERNAL_SERVER_ERROR, e.getMessage());
    } catch (IOException e) {
      LOG.debug("pull of {} failed", ref, e);
      fail(out, HttpResponseStatus.INTERNAL_SERVER_ERROR, message(e));
    }
    out.close();
  }

  /** {@code POST /images/{name}/push?tag=}; no tag pushes every tag of the repository. */
  public void push(Exchange ex) throws Exception {
    String name = ex.path("name");
    String tag = ex.query("tag", "");
    List<ImageReference> refs = new ArrayList<>();
    ImageReference base;
    try {
      base = ImageReference.of(name, tag);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    if (tag.isEmpty() && !ImageReference.hasTag(name)) {
      for (String t : images.allTags().keySet()) {
        ImageReference r = ImageReference.parse(t);
        if (r.repository().equals(base.repository())) {
          refs.add(r);
        }
      }
      if (refs.isEmpty()) {
        throw ApiException.notFound("An image does not exist locally with the tag: " + base.repository());
      }
    } else {
      refs.add(base);
    }
    List<ImageRecord> records = new ArrayList<>();
    for (ImageReference r : refs) {
      ImageRecord rec = images.find(r.toString());
      if (rec == null) {
        throw ApiException.notFound("An image does not exist locally with the tag: " + r);
      }
      records.add(rec);
    }
    RegistryCredentials creds = credentials(ex);
    JsonMessages out = new JsonMessages(() -> ex.stream("application/json"));
    try {
      out.status("The push refers to repository [" + base.domain() + "/" + base.remotePath() + "]");
      for (int i = 0; i < refs.size(); i++) {
        pusher.push(refs.get(i), records.get(i), creds, out);
      }
    } catch (IOException e) {
      LOG.debug("push of {} failed", name, e);
      out.error(message(e));
    }
    out.close();
  }

  /** {@code POST /auth}: checks the credentials against the registry, as {@code docker login} does. */
  private void auth(Exchange ex) throws IOException {
    JsonNode body;
    try {
      body = Json.plain().readTree(ex.jsonBytes());
    } catch (IOException e) {
      throw ApiException.badRequest("malformed JSON body: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("the body must be a JSON auth config");
    }
    RegistryCredentials creds = RegistryCredentials.fromJson(body);
    String domain = domainOf(creds.serverAddress());
    RegistryClient client = new RegistryClient(registries.endpoint(domain), null, creds, null);
    try {
      client.login();
    } catch (RegistryException e) {
      if (e.unauthorized() || e.denied()) {
        throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthorized: incorrect username or password "
            + "(login attempt to " + client.apiRoot() + " failed with status: " + e.status() + ")");
      }
      throw ApiException.internal("login to " + client.apiRoot() + " failed: " + e.getMessage());
    } catch (IOException e) {
      throw ApiException.internal(message(e));
    }
    ObjectNode o = Json.plain().createObjectNode();
    o.put("Status", "Login Succeeded");
    o.put("IdentityToken", "");
    ex.json(o);
  }

  /**
   * The registry domain a login names: Docker Hub's index address ({@code https://index.docker.io/v1/})
   * and an empty one are {@code docker.io}; a URL loses its scheme and path.
   */
  static String domainOf(String serverAddress) {
    if (serverAddress == null || serverAddress.isBlank()) {
      return ImageReference.DOCKER_HUB;
    }
    String s = serverAddress.trim();
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      s = s.substring(0, slash);
    }
    if (s.equals("index.docker.io") || s.equals("registry-1.docker.io") || s.equals("docker.io")) {
      return ImageReference.DOCKER_HUB;
    }
    return s.toLowerCase(java.util.Locale.ROOT);
  }

  private static void fail(JsonMessages out, HttpResponseStatus status, String message) throws IOException {
    if (!out.started()) {
      throw new ApiException(status, message);
    }
    out.error(message);
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
  }
}
