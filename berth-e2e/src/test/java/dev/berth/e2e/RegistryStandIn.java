package dev.berth.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A registry of the test's own, on two ports of 127.0.0.1 that act as two hosts: the registry
 * itself, reached as {@code 127.0.0.1:A} and asking for basic auth, and a storage host, named in
 * its redirects and upload Locations as {@code localhost:B} (another origin, as object storage
 * would be). Blobs are kept in memory; the test can also plant crafted manifests and blobs, and
 * blobs that never end (bounded by the test, streamed without being held).
 */
final class RegistryStandIn implements AutoCloseable {
  static final String USER = "alice";
  static final String PASSWORD = "s3cret";

  private final HttpServer registry;
  private final HttpServer storage;
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, long[]> endless = new ConcurrentHashMap<>();
  private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
  private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
  /** "host METHOD path -> Authorization" for every request, in order. */
  final List<String> log = new CopyOnWriteArrayList<>();

  RegistryStandIn() throws IOException {
    registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    storage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext("/", this::registry);
    storage.createContext("/", this::storage);
    registry.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    storage.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    registry.start();
    storage.start();
  }

  /** The registry as image references name it: 127.0.0.1:port. */
  String host() {
    return "127.0.0.1:" + registry.getAddress().getPort();
  }

  private String storageBase() {
    return "http://localhost:" + storage.getAddress().getPort();
  }

  /** Requests the storage host saw that carried an Authorization header. */
  List<String> credentialsSeenByStorage() {
    return log.stream().filter(l -> l.startsWith("storage ") && !l.endsWith("-> null")).toList();
  }

  List<String> requestsToStorage() {
    return log.stream().filter(l -> l.startsWith("storage ")).toList();
  }

  void putBlob(String digest, byte[] bytes) {
    blobs.put(digest, bytes);
  }

  /** A blob that streams {@code length} bytes of {@code fill} whatever its digest. */
  void putEndlessBlob(String digest, long length) {
    endless.put(digest, new long[] {length});
  }

  void putManifest(String repo, String reference, byte[] manifest) {
    manifests.put(repo + ":" + reference, manifest);
  }

  private static void log(List<String> log, String who, HttpExchange x) {
    log.add(who + " " + x.getRequestMethod() + " " + x.getRequestURI().getPath() + " -> "
        + x.getRequestHeaders().getFirst("Authorization"));
  }

  private boolean authorized(HttpExchange x) {
    String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
    return expected.equals(x.getRequestHeaders().getFirst("Authorization"));
  }

  private void registry(HttpExchange x) throws IOException {
    try (x) {
      log(log, "registry", x);
      byte[] body = x.getRequestBody().readNBytes(4 << 20);
      if (!authorized(x)) {
        x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"stand-in\"");
        reply(x, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
        return;
      }
      String path = x.getRequestURI().getPath();
      String method = x.getRequestMethod();
      if (path.equals("/v2/")) {
        reply(x, 200, "{}");
        return;
      }
      int m = path.indexOf("/manifests/");
      int b = path.indexOf("/blobs/");
      if (m > 0) {
        String key = path.substring(4, m) + ":" + path.substring(m + 11);
        if (method.equals("PUT")) {
          String digest = TestArchivesDigest.of(body);
          manifests.put(key, body);
          manifests.put(path.substring(4, m) + ":" + digest, body);
          x.getResponseHeaders().add("Docker-Content-Digest", digest);
          reply(x, 201, "");
          return;
        }
        byte[] man = manifests.get(key);
        if (man == null) {
          reply(x, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
          return;
        }
        x.getResponseHeaders().add("Content-Type", "application/vnd.docker.distribution.manifest.v2+json");
        x.getResponseHeaders().add("Docker-Content-Digest", TestArchivesDigest.of(man));
        send(x, 200, method.equals("HEAD") ? null : man, man.length);
      } else if (b > 0 && path.contains("/blobs/uploads/")) {
        String id = Long.toHexString(System.nanoTime());
        uploads.put(id, new ByteArrayOutputStream());
        x.getResponseHeaders().add("Location", storageBase() + "/uploads/" + id);
        reply(x, 202, "");
      } else if (b > 0) {
        String digest = path.substring(b + 7);
        if (!blobs.containsKey(digest) && !endless.containsKey(digest)) {
          reply(x, 404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown\"}]}");
          return;
        }
        if (method.equals("HEAD")) {
          byte[] blob = blobs.get(digest);
          send(x, 200, null, blob == null ? 0 : blob.length);
          return;
        }
        x.getResponseHeaders().add("Location", storageBase() + "/blobs/" + digest);
        reply(x, 307, "");
      } else {
        reply(x, 404, "{}");
      }
    }
  }

  private void storage(HttpExchange x) throws IOException {
    try (x) {
      log(log, "storage", x);
      String path = x.getRequestURI().getPath();
      if (path.startsWith("/uploads/")) {
        String id = path.substring(9);
        ByteArrayOutputStream up = uploads.get(id);
        x.getRequestBody().transferTo(up);
        if (x.getRequestMethod().equals("PUT")) {
          String query = x.getRequestURI().getQuery();
          String digest = query.substring(query.indexOf("digest=") + 7);
          blobs.put(java.net.URLDecoder.decode(digest, StandardCharsets.UTF_8), up.toByteArray());
          reply(x, 201, "");
        } else {
          x.getResponseHeaders().add("Location", storageBase() + "/uploads/" + id);
          reply(x, 202, "");
        }
        return;
      }
      String digest = path.substring("/blobs/".length());
      long[] n = endless.get(digest);
      if (n != null) {
        x.sendResponseHeaders(200, 0); // chunked: no length, as a hostile server would send it
        byte[] chunk = new byte[64 << 10];
        try (OutputStream out = x.getResponseBody()) {
          for (long sent = 0; sent < n[0]; sent += chunk.length) {
            out.write(chunk);
          }
        } catch (IOException clientStopped) {
          // berthd hung up once its limit was reached
        }
        return;
      }
      byte[] blob = blobs.get(digest);
      send(x, 200, blob, blob.length);
    }
  }

  private static void reply(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    send(x, status, b.length == 0 ? null : b, b.length);
  }

  private static void send(HttpExchange x, int status, byte[] body, long length) throws IOException {
    if (body == null) {
      if (length > 0) {
        x.getResponseHeaders().add("Content-Length", String.valueOf(length));
      }
      x.sendResponseHeaders(status, -1);
      return;
    }
    x.sendResponseHeaders(status, body.length);
    x.getResponseBody().write(body);
  }

  @Override
  public void close() {
    registry.stop(0);
    storage.stop(0);
    ((java.util.concurrent.ExecutorService) registry.getExecutor()).shutdownNow();
    ((java.util.concurrent.ExecutorService) storage.getExecutor()).shutdownNow();
  }

  /** sha256 digests without the checked exception of TestArchives.sha. */
  static final class TestArchivesDigest {
    static String of(byte[] b) {
      try {
        return TestArchives.sha(b);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static List<String> lines(String... l) {
    return new ArrayList<>(List.of(l));
  }
}
