package dev.berth.daemon.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import dev.berth.daemon.image.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One repository on one registry, spoken to over the distribution API v2: manifests, blobs and
 * uploads, with authentication handled as the registry asks for it. A request answered 401 is
 * retried once after answering the {@code WWW-Authenticate} challenge (basic: the credentials;
 * bearer: a token from the realm for {@code repository:<name>:<actions>}); a bearer token is
 * fetched again shortly before it expires.
 *
 * <p>Credentials go only where they belong. The {@code Authorization} header is sent only to the
 * registry's own origin (scheme, host and port): an upload {@code Location} or a redirect to
 * another host (object storage, or a registry that wants someone else's credentials) gets none.
 * The password or identity token goes to the token realm the registry names, but never over
 * plain HTTP unless the registry itself is loopback or {@code --insecure-registry}.
 */
final class RegistryClient {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private final Registries.Endpoint endpoint;
  private final String repository;
  private final RegistryCredentials credentials;
  private final List<String> scopes = new ArrayList<>();
  private volatile String authorization;
  private volatile Instant tokenExpiry = Instant.MAX;
  private volatile AuthChallenge lastChallenge;

  /** A manifest or index as fetched: its exact bytes, media type and digest. */
  record Manifest(byte[] bytes, String mediaType, String digest) {
    JsonNode json() throws IOException {
      JsonNode n;
      try {
        n = Json.plain().readTree(bytes);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IOException("malformed manifest " + digest + ": invalid JSON (" + e.getOriginalMessage() + ")");
      }
      if (n == null || !n.isObject()) {
        throw new IOException("malformed manifest " + digest + ": not a JSON object");
      }
      return n;
    }
  }

  RegistryClient(Registries.Endpoint endpoint, String repository, RegistryCredentials credentials, String actions) {
    this.endpoint = endpoint;
    this.repository = repository;
    this.credentials = credentials == null ? RegistryCredentials.ANONYMOUS : credentials;
    if (repository != null) {
      this.scopes.add("repository:" + repository + ":" + actions); // none for a login, as Docker's
    }
    if (!RegistryCredentials.empty(this.credentials.registryToken())) {
      authorization = "Bearer " + this.credentials.registryToken();
    }
  }

  /** Asks for pull access to another repository too (cross-repository mounts need it). */
  synchronized void addScope(String scope) {
    if (!scopes.contains(scope)) {
      scopes.add(scope);
      if (lastChallenge != null && "bearer".equals(lastChallenge.scheme())) {
        authorization = null; // the next request asks for a token covering the new scope
      }
    }
  }

  String repository() {
    return repository;
  }

  String host() {
    return endpoint.host();
  }

  /** The registry's API root, as messages show it ({@code http://127.0.0.1:5000/v2/}). */
  String apiRoot() {
    return endpoint.base().resolve("/v2/").toString();
  }

  private URI uri(String path) {
    return endpoint.base().resolve("/v2/" + repository + path);
  }

  /** GET or HEAD of a manifest by tag or digest; a digest reference is verified against the bytes. */
  Manifest manifest(String reference) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri("/manifests/" + reference)).header("Accept", MediaTypes.ACCEPT)
        .GET();
    HttpResponse<InputStream> r = send(b, true);
    if (r.statusCode() != 200) {
      throw failure(r);
    }
    byte[] bytes;
    try (InputStream in = r.body()) {
      bytes = in.readNBytes(4 << 20);
      if (in.read() >= 0) {
        throw new IOException("malformed manifest: larger than 4 MiB");
      }
    }
    String digest = Digests.of(bytes);
    if (reference.startsWith("sha256:") && !reference.equals(digest)) {
      throw new IOException("manifest verification failed for digest " + reference + ": the registry sent " + digest);
    }
    String type = r.headers().firstValue("Content-Type").orElse("");
    int semi = type.indexOf(';');
    type = (semi >= 0 ? type.substring(0, semi) : type).trim();
    Manifest m = new Manifest(bytes, type, digest);
    JsonNode parsed = m.json(); // a malformed manifest is refused here, with one clear line
    if (type.isEmpty() || type.equals("application/json") || type.equals("text/plain")) {
      m = new Manifest(bytes, parsed.path("mediaType").asText(""), digest);
    }
    return m;
  }

  /** The digest of a manifest by HEAD, or empty when the registry does not have it. */
  Optional<String> manifestDigest(String reference) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri("/manifests/" + reference)).header("Accept", MediaTypes.ACCEPT)
        .method("HEAD", HttpRequest.BodyPublishers.noBody());
    HttpResponse<InputStream> r = send(b, true);
    if (r.statusCode() != 200 && r.statusCode() != 404) {
      throw failure(r);
    }
    r.body().close();
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    return r.headers().firstValue("Docker-Content-Digest");
  }

  /** Opens a blob; the caller verifies what it reads. Redirects (to object storage) go without credentials. */
  HttpResponse<InputStream> blob(String digest, long offset) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri("/blobs/" + digest)).GET();
    if (offset > 0) {
      b.header("Range", "bytes=" + offset + "-");
    }
    HttpResponse<InputStream> r = send(b, true);
    for (int hops = 0; hops < 5 && r.statusCode() / 100 == 3; hops++) {
      String location = r.headers().firstValue("Location").orElseThrow(() -> new IOException("redirect without Location"));
      r.body().close();
      URI target = r.uri().resolve(location);
      HttpRequest.Builder next = HttpRequest.newBuilder(target).timeout(TIMEOUT).GET();
      // back to the registry itself it may carry the registry's credentials; anywhere else none
      withAuth(next, sameOrigin(target) ? authorization : null);
      if (offset > 0) {
        next.header("Range", "bytes=" + offset + "-");
      }
      r = call(next.build());
    }
    if (r.statusCode() != 200 && r.statusCode() != 206) {
      throw failure(r);
    }
    return r;
  }

  /** Whether the repository has a blob (HEAD). */
  boolean hasBlob(String digest) throws IOException {
    HttpResponse<InputStream> r = send(HttpRequest.newBuilder(uri("/blobs/" + digest))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()), true);
    if (r.statusCode() == 200 || r.statusCode() / 100 == 3) {
      r.body().close();
      return true;
    }
    if (r.statusCode() == 404) {
      r.body().close();
      return false;
    }
    throw failure(r);
  }

  /**
   * Tries to mount a blob from another repository of the same registry. Returns null when it was
   * mounted, else the upload location the registry opened instead (as a mount refused is an upload).
   */
  URI mountOrStartUpload(String digest, String fromRepository) throws IOException {
    String query = fromRepository == null ? ""
        : "?mount=" + enc(digest) + "&from=" + enc(fromRepository);
    HttpResponse<InputStream> r = send(HttpRequest.newBuilder(uri("/blobs/uploads/" + query))
        .POST(HttpRequest.BodyPublishers.noBody()), true);
    if (r.statusCode() == 201 && fromRepository != null) {
      r.body().close();
      return null;
    }
    if (r.statusCode() != 202) {
      throw failure(r);
    }
    r.body().close();
    return location(r);
  }

  /**
   * Streams a blob to an upload opened by {@link #mountOrStartUpload} with one PATCH (the digest
   * is only known once the stream ends), then closes it with a PUT naming the digest.
   */
  void upload(URI location, InputStream content, java.util.function.Supplier<String> digestAfter) throws IOException {
    HttpRequest.Builder patch = HttpRequest.newBuilder(location).header("Content-Type", "application/octet-stream")
        .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> content));
    HttpResponse<InputStream> r = send(patch, false);
    if (r.statusCode() != 202 && r.statusCode() != 204) {
      throw failure(r);
    }
    r.body().close();
    URI next = location(r);
    String sep = next.getRawQuery() == null ? "?" : "&";
    HttpResponse<InputStream> put = send(HttpRequest.newBuilder(URI.create(next + sep + "digest=" + enc(digestAfter.get())))
        .PUT(HttpRequest.BodyPublishers.noBody()), false);
    if (put.statusCode() != 201 && put.statusCode() != 204) {
      throw failure(put);
    }
    put.body().close();
  }

  /** Uploads a small blob (a config) in one monolithic PUT. */
  void uploadBytes(String digest, byte[] content) throws IOException {
    URI location = mountOrStartUpload(digest, null);
    String sep = location.getRawQuery() == null ? "?" : "&";
    HttpResponse<InputStream> put = send(HttpRequest.newBuilder(URI.create(location + sep + "digest=" + enc(digest)))
        .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(content)), true);
    if (put.statusCode() != 201 && put.statusCode() != 204) {
      throw failure(put);
    }
    put.body().close();
  }

  /** PUTs a manifest under a tag (or digest); returns the digest the registry reports. */
  String putManifest(String reference, String mediaType, byte[] bytes) throws IOException {
    HttpResponse<InputStream> r = send(HttpRequest.newBuilder(uri("/manifests/" + reference))
        .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), true);
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      throw failure(r);
    }
    r.body().close();
    return r.headers().firstValue("Docker-Content-Digest").orElse(Digests.of(bytes));
  }

  private URI location(HttpResponse<?> r) throws IOException {
    String loc = r.headers().firstValue("Location").orElseThrow(() -> new IOException(
        "the registry opened an upload without a Location"));
    return r.uri().resolve(loc);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Reads an error answer and closes it. */
  static RegistryException failure(HttpResponse<InputStream> r) {
    byte[] body;
    try (InputStream in = r.body()) {
      body = in.readNBytes(64 << 10);
    } catch (IOException e) {
      body = new byte[0]; // the status alone still says what went wrong
    }
    return RegistryException.from(r.statusCode(), body);
  }

  /**
   * Sends with credentials; on 401 answers the challenge and, when {@code replayable}, sends again.
   * A request whose body is a one-shot stream is sent only after authentication was settled.
   */
  HttpResponse<InputStream> send(HttpRequest.Builder b, boolean replayable) throws IOException {
    b.timeout(TIMEOUT);
    if (authorization != null && Instant.now().plusSeconds(10).isAfter(tokenExpiry) && lastChallenge != null) {
      authenticate(List.of(lastChallenge));
    }
    String auth = authorization;
    boolean ours = sameOrigin(b.copy().build().uri());
    HttpResponse<InputStream> r = call(withAuth(b, ours ? auth : null).build());
    if (r.statusCode() != 401 || !replayable || !ours) {
      return r;
    }
    List<AuthChallenge> challenges = AuthChallenge.parse(r.headers().allValues("WWW-Authenticate"));
    if (challenges.isEmpty()) {
      return r;
    }
    r.body().close();
    authenticate(challenges);
    return call(withAuth(b, authorization).build());
  }

  private static HttpRequest.Builder withAuth(HttpRequest.Builder b, String auth) {
    if (auth != null) {
      b.setHeader("Authorization", auth);
    }
    return b;
  }

  /** Whether {@code uri} is the registry itself: same scheme, host and port as its base. */
  boolean sameOrigin(URI uri) {
    URI base = endpoint.base();
    return uri.getScheme() != null && uri.getScheme().equalsIgnoreCase(base.getScheme())
        && uri.getHost() != null && uri.getHost().equalsIgnoreCase(base.getHost()) && port(uri) == port(base);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /** Makes sure the next request is authenticated: the first anonymous request learns the scheme. */
  void login() throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.base().resolve("/v2/")).GET();
    HttpResponse<InputStream> r = send(b, true);
    if (r.statusCode() == 401 && (credentials.anonymous() || lastChallenge == null)) {
      throw failure(r);
    }
    if (r.statusCode() / 100 != 2) {
      throw failure(r);
    }
    r.body().close();
  }

  private synchronized void authenticate(List<AuthChallenge> challenges) throws IOException {
    for (AuthChallenge c : challenges) {
      if (c.scheme().equals("bearer") && c.param("realm") != null) {
        lastChallenge = c;
        token(c);
        return;
      }
    }
    for (AuthChallenge c : challenges) {
      if (c.scheme().equals("basic")) {
        lastChallenge = c;
        if (!credentials.hasPassword()) {
          throw new RegistryException(401, "UNAUTHORIZED", "unauthorized: authentication required");
        }
        String pair = credentials.username() + ":" + credentials.password();
        authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        tokenExpiry = Instant.MAX;
        return;
      }
    }
    throw new RegistryException(401, "UNAUTHORIZED", "unauthorized: unsupported authentication scheme "
        + challenges.get(0).scheme());
  }

  /** Fetches a bearer token for the scopes from the challenge's realm. */
  private void token(AuthChallenge c) throws IOException {
    URI realm = c.realm();
    boolean secret = credentials.hasPassword() || !RegistryCredentials.empty(credentials.identityToken());
    if (realm.getScheme() == null || realm.getHost() == null
        || !(realm.getScheme().equalsIgnoreCase("https") || realm.getScheme().equalsIgnoreCase("http"))) {
      throw new IOException("the registry " + endpoint.host() + " named an invalid token realm: " + realm);
    }
    if (secret && realm.getScheme().equalsIgnoreCase("http") && !endpoint.insecure()) {
      throw new RegistryException(401, "UNAUTHORIZED", "refusing to send the credentials for " + endpoint.host()
          + " to the token server " + realm + " over plain HTTP (name the registry with berthd --insecure-registry"
          + " if that is intended)");
    }
    StringBuilder q = new StringBuilder();
    if (c.param("service") != null) {
      q.append("service=").append(enc(c.param("service")));
    }
    for (String s : scopes) {
      q.append(q.isEmpty() ? "" : "&").append("scope=").append(enc(s));
    }
    HttpRequest.Builder b;
    if (!RegistryCredentials.empty(credentials.identityToken())) {
      String form = q + "&grant_type=refresh_token&client_id=berth&refresh_token=" + enc(credentials.identityToken());
      b = HttpRequest.newBuilder(realm).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form));
    } else {
      b = HttpRequest.newBuilder(tokenUri(realm, q.toString())).GET();
      if (credentials.hasPassword()) {
        String pair = credentials.username() + ":" + credentials.password();
        b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      }
    }
    HttpResponse<InputStream> r = call(b.timeout(Duration.ofSeconds(60)).build());
    if (r.statusCode() != 200) {
      RegistryException e = failure(r);
      if (r.statusCode() == 401) {
        throw new RegistryException(401, "UNAUTHORIZED", credentials.anonymous()
            ? "unauthorized: authentication required" : "unauthorized: incorrect username or password");
      }
      throw e;
    }
    JsonNode n;
    try (InputStream in = r.body()) {
      n = Json.plain().readTree(in.readNBytes(1 << 20));
    }
    String token = n.path("token").asText(n.path("access_token").asText(""));
    if (token.isEmpty()) {
      throw new IOException("the token server at " + realm.getHost() + " answered without a token");
    }
    long expires = n.path("expires_in").asLong(60);
    authorization = "Bearer " + token;
    tokenExpiry = Instant.now().plusSeconds(Math.max(expires, 20));
  }

  /** The token request's URI: the realm's own query, if any, kept and {@code query} appended. */
  static URI tokenUri(URI realm, String query) {
    String sep = realm.getRawQuery() == null ? "?" : "&";
    return URI.create(realm + (query.isEmpty() ? "" : sep + query));
  }

  private HttpResponse<InputStream> call(HttpRequest req) throws IOException {
    try {
      return endpoint.http().send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    } catch (java.net.ConnectException e) {
      throw new IOException("cannot reach registry " + endpoint.host() + ": connection refused", e);
    }
  }
}
