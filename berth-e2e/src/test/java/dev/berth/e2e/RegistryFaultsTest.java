package dev.berth.e2e;

import static dev.berth.e2e.TestArchives.tar;
import static dev.berth.e2e.TestArchives.gzip;
import static dev.berth.e2e.TestArchives.sha;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Pulls from registries that misbehave or speak less common dialects, served by a small registry
 * of the test's own on 127.0.0.1: zstd layers, a connection cut in the middle of a layer, and a
 * malformed manifest.
 */
class RegistryFaultsTest extends SharedDaemonTest {
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** What the fake registry serves, and the requests it saw. */
  private static final class FakeRegistry implements AutoCloseable {
    final Map<String, byte[]> content;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final String cutOnce;
    final HttpServer server;
    private volatile boolean cut;

    FakeRegistry(Map<String, byte[]> content, String cutOnce) throws IOException {
      this.content = content;
      this.cutOnce = cutOnce;
      this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", LocalRegistry.freePort()), 0);
      server.createContext("/", this::serve);
      server.start();
    }

    String host() {
      return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void serve(HttpExchange ex) throws IOException {
      String path = ex.getRequestURI().getPath();
      String range = ex.getRequestHeaders().getFirst("Range");
      requests.add(ex.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
      byte[] body = path.equals("/v2/") ? "{}".getBytes(StandardCharsets.UTF_8) : content.get(path);
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
        ex.close();
        return;
      }
      if (path.contains("/manifests/")) {
        ex.getResponseHeaders().add("Content-Type", OCI_MANIFEST);
      }
      if (ex.getRequestMethod().equals("HEAD")) {
        ex.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
        ex.sendResponseHeaders(200, -1);
        ex.close();
        return;
      }
      int from = 0;
      if (range != null && range.startsWith("bytes=")) {
        from = Integer.parseInt(range.substring(6, range.indexOf('-')));
        ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        ex.sendResponseHeaders(206, body.length - from);
      } else {
        ex.sendResponseHeaders(200, body.length);
      }
      if (path.equals(cutOnce) && !cut) {
        // half the layer, then the connection goes away
        cut = true;
        ex.getResponseBody().write(body, 0, body.length / 2);
        ex.getResponseBody().flush();
        ex.close();
        return;
      }
      ex.getResponseBody().write(body, from, body.length - from);
      ex.close();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** An image of one layer, compressed as asked, with its manifest and config under /v2/{repo}/. */
  private static Map<String, byte[]> image(String repo, byte[] layerTar, byte[] compressed, String layerType)
      throws Exception {
    String diffId = sha(layerTar);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/x\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"size\":" + config.length + ",\"digest\":\"" + sha(config)
        + "\"},\"layers\":[{\"mediaType\":\"" + layerType + "\",\"size\":" + compressed.length + ",\"digest\":\""
        + sha(compressed) + "\"}]}").getBytes(StandardCharsets.UTF_8);
    return Map.of("/v2/" + repo + "/manifests/1", manifest, "/v2/" + repo + "/blobs/" + sha(config), config,
        "/v2/" + repo + "/blobs/" + sha(compressed), compressed);
  }

  private String fileOf(String image, String path) {
    String id = ok(daemon.docker("create", image));
    try {
      return daemon.docker("cp", id + ":" + path, "-").stdout();
    } finally {
      daemon.docker("rm", id);
    }
  }

  @Test
  void aZstdLayerIsPulled() throws Exception {
    byte[] tar = tar("zstd.txt", "compressed with zstd\n");
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (ZstdCompressorOutputStream out = new ZstdCompressorOutputStream(z)) {
      out.write(tar);
    }
    try (FakeRegistry r = new FakeRegistry(image("zstd", tar, z.toByteArray(),
        "application/vnd.oci.image.layer.v1.tar+zstd"), null)) {
      ok(daemon.berth("pull", r.host() + "/zstd:1"));
      assertThat(fileOf(r.host() + "/zstd:1", "/zstd.txt")).contains("compressed with zstd");
      ok(daemon.docker("rmi", r.host() + "/zstd:1"));
    }
  }

  @Test
  void aConnectionCutInTheMiddleOfALayerIsResumed() throws Exception {
    byte[] payload = new byte[512 * 1024];
    new java.util.Random(7).nextBytes(payload);
    byte[] tar = tar("big.bin", new String(HexFormat.of().formatHex(payload)));
    byte[] gz = gzip(tar);
    Map<String, byte[]> content = image("cut", tar, gz, "application/vnd.oci.image.layer.v1.tar+gzip");
    String blob = "/v2/cut/blobs/" + sha(gz);
    try (FakeRegistry r = new FakeRegistry(content, blob)) {
      Command.Result pull = daemon.docker("pull", r.host() + "/cut:1");
      assertThat(pull.exitCode()).as(pull.toString()).isZero();
      List<String> blobGets = r.requests.stream().filter(q -> q.startsWith("GET " + blob)).toList();
      assertThat(blobGets).hasSize(2);
      assertThat(blobGets.get(1)).contains("bytes=");
      assertThat(fileOf(r.host() + "/cut:1", "/big.bin")).contains(HexFormat.of().formatHex(payload, 0, 64));
      ok(daemon.docker("rmi", r.host() + "/cut:1"));
    }
  }

  @Test
  void aMalformedManifestIsAClearErrorAndNothingIsStored() throws Exception {
    String before = ok(daemon.docker("images", "-a", "-q", "--no-trunc"));
    try (FakeRegistry r = new FakeRegistry(Map.of("/v2/broken/manifests/1",
        "{\"schemaVersion\":2,\"layers\":[{\"digest\":".getBytes(StandardCharsets.UTF_8)), null)) {
      Command.Result docker = daemon.docker("pull", r.host() + "/broken:1");
      assertThat(docker.exitCode()).isNotZero();
      assertThat(docker.stdout() + docker.stderr()).containsIgnoringCase("manifest");
      Command.Result berth = daemon.berth("pull", r.host() + "/broken:1");
      assertThat(berth.exitCode()).isNotZero();
      assertThat(berth.stderr()).containsIgnoringCase("manifest");
    }
    assertThat(ok(daemon.docker("images", "-a", "-q", "--no-trunc"))).isEqualTo(before);
  }

}
