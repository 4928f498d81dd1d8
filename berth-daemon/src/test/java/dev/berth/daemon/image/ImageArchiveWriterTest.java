package dev.berth.daemon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageArchiveWriterTest {
  private TestImages store;
  private final byte[] layer0 = new TarBuilder().dir("bin").file("bin/hello", "hello\n").symlink("bin/sh", "hello")
      .build();
  private final byte[] layer1 = new TarBuilder().dir("etc").file("etc/motd", "hi\n").file("etc/.wh.gone", "").build();
  private final List<String> diffIds = List.of(Digests.of(layer0), Digests.of(layer1));
  private final byte[] config = TestImages.config(diffIds, "2024-05-01T10:00:00Z");
  private final String imageId = Digests.of(config);

  @BeforeEach
  void open() throws Exception {
    store = new TestImages();
    ArrayNode manifest = Json.plain().createArrayNode();
    ObjectNode item = manifest.addObject();
    item.put("Config", "cfg.json");
    item.putArray("RepoTags").add("busybox:latest");
    item.putArray("Layers").add("a/layer.tar").add("b/layer.tar");
    byte[] archive = new TarBuilder()
        .file("a/layer.tar", TarBuilder.gzip(layer0))
        .file("b/layer.tar", layer1)
        .file("cfg.json", config)
        .file("manifest.json", TestImages.bytes(manifest))
        .build();
    assertThat(store.load(archive, true)).contains("Loaded image: busybox:latest");
    store.images.tag("busybox:latest", "busybox", "1");
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  private static Map<String, byte[]> entries(byte[] tar) throws Exception {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        out.put(e.getName(), e.isDirectory() ? null : in.readAllBytes());
      }
    }
    return out;
  }

  @Test
  void writesDockerAndOciMetadataWithLayersMatchingTheirDiffIds() throws Exception {
    Map<String, byte[]> files = entries(store.save(List.of("busybox")));

    assertThat(files).containsKeys("blobs/", "blobs/sha256/", "manifest.json", "index.json", "oci-layout",
        "repositories");
    JsonNode manifest = Json.plain().readTree(files.get("manifest.json"));
    assertThat(manifest).hasSize(1);
    assertThat(manifest.get(0).get("Config").asText()).isEqualTo("blobs/sha256/" + Digests.hex(imageId));
    assertThat(manifest.get(0).get("RepoTags")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("busybox:latest", "busybox:1");
    for (int i = 0; i < 2; i++) {
      String name = manifest.get(0).get("Layers").get(i).asText();
      assertThat(name).isEqualTo("blobs/sha256/" + Digests.hex(diffIds.get(i)));
      assertThat(Digests.of(files.get(name))).isEqualTo(diffIds.get(i));
    }
    assertThat(Digests.of(files.get("blobs/sha256/" + Digests.hex(imageId)))).isEqualTo(imageId);
    JsonNode index = Json.plain().readTree(files.get("index.json"));
    assertThat(index.get("manifests")).hasSize(2);
    JsonNode d = index.get("manifests").get(0);
    byte[] ociManifest = files.get("blobs/sha256/" + Digests.hex(d.get("digest").asText()));
    assertThat(Digests.of(ociManifest)).isEqualTo(d.get("digest").asText());
    assertThat(Json.plain().readTree(ociManifest).get("config").get("digest").asText()).isEqualTo(imageId);
    assertThat(d.get("annotations").get("io.containerd.image.name").asText()).startsWith("docker.io/library/busybox:");
    JsonNode repositories = Json.plain().readTree(files.get("repositories"));
    assertThat(repositories.get("busybox").get("latest").asText()).isEqualTo(Digests.hex(diffIds.get(1)));
    assertThat(new String(files.get("oci-layout"), StandardCharsets.UTF_8)).contains("\"imageLayoutVersion\"");
  }

  @Test
  void roundTripGivesTheSameImage() throws Exception {
    byte[] saved = store.save(List.of("busybox:latest"));

    try (TestImages other = new TestImages()) {
      assertThat(other.load(saved, true)).isEqualTo("{\"stream\":\"Loaded image: busybox:latest\\n\"}\r\n");
      ImageRecord r = other.images.resolve("busybox:latest");
      assertThat(r.id()).isEqualTo(imageId);
      assertThat(r.diffIds()).isEqualTo(diffIds);
      assertThat(other.images.layers().diffDir(r.chainIds().get(1)).resolve("etc/motd")).hasContent("hi");
      // and the second generation is byte-identical to the first
      assertThat(other.save(List.of("busybox:latest"))).isEqualTo(saved);
    }
  }

  @Test
  void roundTripIntoTheSameStoreAfterRemoval() throws Exception {
    byte[] saved = store.save(List.of(imageId));
    store.images.remove(imageId, true, false);
    assertThat(store.layerRows()).isZero();

    assertThat(store.load(saved, true)).contains("Loaded image ID: " + imageId);
    assertThat(store.images.resolve(imageId).diffIds()).isEqualTo(diffIds);
  }

  @Test
  void savingByIdWritesNoTags() throws Exception {
    JsonNode manifest = Json.plain().readTree(entries(store.save(List.of(imageId.substring(7, 19)))).get("manifest.json"));

    assertThat(manifest.get(0).get("RepoTags").isNull()).isTrue();
  }

  @Test
  void sameImageUnderTwoNamesIsWrittenOnce() throws Exception {
    Map<String, byte[]> files = entries(store.save(List.of("busybox:latest", "busybox:1")));

    JsonNode manifest = Json.plain().readTree(files.get("manifest.json"));
    assertThat(manifest).hasSize(1);
    assertThat(manifest.get(0).get("RepoTags")).hasSize(2);
  }

  @Test
  void unknownNameIsNotFoundBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> store.save(List.of("nope:1")))
        .isInstanceOf(ApiException.class).hasMessage("No such image: nope:1");
  }
}
