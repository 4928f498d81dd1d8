package dev.berth.daemon.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageArchiveLoaderTest {
  private static final String CREATED = "2024-05-01T10:00:00.123456789Z";
  private TestImages store;

  private final byte[] layer0 = new TarBuilder()
      .dir("bin")
      .file("bin/hello", "hello world\n")
      .symlink("bin/sh", "hello")
      .dir("etc")
      .file("etc/os-release", "ID=test\n")
      .build();
  private final byte[] layer1 = new TarBuilder()
      .dir("etc")
      .file("etc/motd", "welcome\n")
      .file("bin/.wh.hello", "")
      .build();
  private final List<String> diffIds = List.of(Digests.of(layer0), Digests.of(layer1));
  private final byte[] config = TestImages.config(diffIds, CREATED);
  private final String imageId = Digests.of(config);

  @BeforeEach
  void open() throws Exception {
    store = new TestImages();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  /** docker save before Docker 25: {@code <id>/layer.tar}, {@code <hex>.json}; the manifest comes first here. */
  private byte[] classicArchive(List<String> tags) {
    ArrayNode manifest = Json.plain().createArrayNode();
    ObjectNode item = manifest.addObject();
    item.put("Config", Digests.hex(imageId) + ".json");
    ArrayNode repoTags = item.putArray("RepoTags");
    tags.forEach(repoTags::add);
    item.putArray("Layers").add("aaaa/layer.tar").add("bbbb/layer.tar");
    return new TarBuilder()
        .file("manifest.json", TestImages.bytes(manifest))
        .dir("aaaa")
        .file("aaaa/VERSION", "1.0")
        .file("aaaa/layer.tar", layer0)
        .dir("bbbb")
        .file("bbbb/layer.tar", TarBuilder.gzip(layer1))
        .file(Digests.hex(imageId) + ".json", config)
        .file("repositories", "{\"busybox\":{\"latest\":\"bbbb\"}}")
        .build();
  }

  /** An OCI image layout as skopeo or buildx write it: gzip layers, names in annotations. */
  private byte[] ociLayout(String refName, String imageName) {
    byte[] gz0 = TarBuilder.gzip(layer0);
    byte[] gz1 = TarBuilder.gzip(layer1);
    ObjectNode m = Json.plain().createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    m.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json").put("digest", imageId)
        .put("size", config.length);
    ArrayNode layers = m.putArray("layers");
    layers.addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip").put("digest", Digests.of(gz0))
        .put("size", gz0.length);
    layers.addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip").put("digest", Digests.of(gz1))
        .put("size", gz1.length);
    byte[] manifest = TestImages.bytes(m);
    ObjectNode index = Json.plain().createObjectNode();
    index.put("schemaVersion", 2);
    ObjectNode d = index.putArray("manifests").addObject();
    d.put("mediaType", "application/vnd.oci.image.manifest.v1+json").put("digest", Digests.of(manifest))
        .put("size", manifest.length);
    ObjectNode annotations = d.putObject("annotations");
    if (refName != null) {
      annotations.put("org.opencontainers.image.ref.name", refName);
    }
    if (imageName != null) {
      annotations.put("io.containerd.image.name", imageName);
    }
    return new TarBuilder()
        .file("blobs/sha256/" + Digests.hex(Digests.of(gz1)), gz1)
        .file("blobs/sha256/" + Digests.hex(Digests.of(gz0)), gz0)
        .file("blobs/sha256/" + Digests.hex(imageId), config)
        .file("blobs/sha256/" + Digests.hex(Digests.of(manifest)), manifest)
        .file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
        .file("index.json", TestImages.bytes(index))
        .build();
  }

  @Test
  void loadsClassicDockerArchive() throws Exception {
    String out = store.load(classicArchive(List.of("busybox:latest")), true);

    assertThat(out).isEqualTo("{\"stream\":\"Loaded image: busybox:latest\\n\"}\r\n");
    ImageRecord r = store.images.resolve("busybox");
    assertThat(r.id()).isEqualTo(imageId);
    assertThat(r.diffIds()).isEqualTo(diffIds);
    assertThat(r.tags()).containsExactly("busybox:latest");
    Path base = store.images.layers().diffDir(r.chainIds().get(0));
    Path top = store.images.layers().diffDir(r.chainIds().get(1));
    assertThat(base.resolve("bin/hello")).hasContent("hello world");
    assertThat(Files.readSymbolicLink(base.resolve("bin/sh"))).isEqualTo(Path.of("hello"));
    assertThat(top.resolve("etc/motd")).hasContent("welcome");
    int mode = (int) Files.getAttribute(top.resolve("bin/hello"), "unix:mode", LinkOption.NOFOLLOW_LINKS);
    assertThat(mode & 0170000).as("whiteout is a character device").isEqualTo(0020000);
    assertThat(store.images.layers().hasTar(diffIds.get(1))).as("the plain tar of a gzip layer is kept").isTrue();
    assertThat(store.root.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void progressIsReportedUnlessQuiet() throws Exception {
    String out = store.load(classicArchive(List.of("busybox:latest")), false);

    assertThat(out).contains("\"status\":\"Loading layer\"", "\"id\":\"" + Digests.hex(diffIds.get(0)).substring(0, 12))
        .endsWith("{\"stream\":\"Loaded image: busybox:latest\\n\"}\r\n");
  }

  @Test
  void untaggedImageReportsItsId() throws Exception {
    String out = store.load(classicArchive(List.of()), true);

    assertThat(out).isEqualTo("{\"stream\":\"Loaded image ID: " + imageId + "\\n\"}\r\n");
    assertThat(store.images.resolve(imageId).tags()).isEmpty();
  }

  @Test
  void loadsOciLayoutNamedByContainerdAnnotation() throws Exception {
    String out = store.load(ociLayout("latest", "docker.io/library/alpine:3.20"), true);

    assertThat(out).contains("Loaded image: alpine:3.20");
    assertThat(store.images.resolve("alpine:3.20").id()).isEqualTo(imageId);
  }

  @Test
  void loadsOciLayoutNamedByFullRefName() throws Exception {
    String out = store.load(ociLayout("localhost:5000/team/app:v2", null), true);

    assertThat(out).contains("Loaded image: localhost:5000/team/app:v2");
    assertThat(store.images.resolve("localhost:5000/team/app:v2").id()).isEqualTo(imageId);
  }

  @Test
  void bareOciRefNameLoadsUntagged() throws Exception {
    String out = store.load(ociLayout("latest", null), true);

    assertThat(out).contains("Loaded image ID: " + imageId);
    assertThat(store.images.list()).singleElement().satisfies(r -> assertThat(r.tags()).isEmpty());
  }

  @Test
  void movingATagLeavesTheOldImageUntagged() throws Exception {
    store.load(classicArchive(List.of("busybox:latest")), true);
    byte[] other = TestImages.config(diffIds, "2025-01-01T00:00:00Z");
    ArrayNode manifest = Json.plain().createArrayNode();
    ObjectNode item = manifest.addObject();
    item.put("Config", "blobs/sha256/" + Digests.hex(Digests.of(other)));
    item.putArray("RepoTags").add("busybox:latest");
    item.putArray("Layers").add("blobs/sha256/" + Digests.hex(diffIds.get(0)))
        .add("blobs/sha256/" + Digests.hex(diffIds.get(1)));
    byte[] archive = new TarBuilder()
        .file("blobs/sha256/" + Digests.hex(Digests.of(other)), other)
        .file("blobs/sha256/" + Digests.hex(diffIds.get(0)), layer0)
        .file("blobs/sha256/" + Digests.hex(diffIds.get(1)), layer1)
        .file("manifest.json", TestImages.bytes(manifest))
        .build();

    String out = store.load(archive, true);

    assertThat(out).contains("The image busybox:latest already exists, renaming the old one with ID " + imageId
        + " to empty string", "Loaded image: busybox:latest");
    assertThat(store.images.resolve(imageId).tags()).isEmpty();
    assertThat(store.images.resolve("busybox:latest").id()).isEqualTo(Digests.of(other));
  }

  @Test
  void repeatedLayerAsInArchiveSymlinkLoads() throws Exception {
    byte[] cfg = TestImages.config(List.of(diffIds.get(0), diffIds.get(0)), CREATED);
    ArrayNode manifest = Json.plain().createArrayNode();
    ObjectNode item = manifest.addObject();
    item.put("Config", "cfg.json");
    item.putArray("RepoTags").add("twice:1");
    item.putArray("Layers").add("a/layer.tar").add("b/layer.tar");
    byte[] archive = new TarBuilder()
        .file("a/layer.tar", layer0)
        .symlink("b/layer.tar", "../a/layer.tar")
        .file("cfg.json", cfg)
        .file("manifest.json", TestImages.bytes(manifest))
        .build();

    String out = store.load(archive, true);

    assertThat(out).contains("Loaded image: twice:1");
    assertThat(store.images.resolve("twice:1").diffIds()).hasSize(2);
  }

  @Test
  void refusesDotDotEntryAndLeavesStoreUnchanged() throws Exception {
    List<String> before = store.storeFiles();
    byte[] archive = new TarBuilder()
        .file("aaaa/layer.tar", layer0)
        .file("../evil", "pwned")
        .file("manifest.json", "[]")
        .build();

    String out = store.load(archive, true);

    assertThat(out).contains("\"errorDetail\":{\"message\":\"refusing archive entry \\\"../evil\\\"");
    assertThat(store.storeFiles()).isEqualTo(before);
    assertThat(store.images.list()).isEmpty();
    assertThat(store.dir.resolve("evil")).doesNotExist();
    assertThat(store.root.resolve("evil")).doesNotExist();
  }

  @Test
  void refusesAbsoluteEntry() throws Exception {
    String out = store.load(new TarBuilder().file("/tmp/berth-evil", "x").build(), true);

    assertThat(out).contains("absolute paths are not allowed");
    assertThat(Path.of("/tmp/berth-evil")).doesNotExist();
  }

  @Test
  void refusesSymlinkEscapeAndLeavesStoreUnchanged() throws Exception {
    store.load(classicArchive(List.of("busybox:latest")), true);
    List<String> before = store.storeFiles();
    int layersBefore = store.layerRows();
    ArrayNode manifest = Json.plain().createArrayNode();
    ObjectNode item = manifest.addObject();
    item.put("Config", "cfg.json");
    item.putArray("Layers").add("x/layer.tar");
    byte[] archive = new TarBuilder()
        .symlink("x/layer.tar", "../../../../etc/passwd")
        .file("cfg.json", TestImages.config(List.of(diffIds.get(0)), CREATED))
        .file("manifest.json", TestImages.bytes(manifest))
        .build();

    String out = store.load(archive, true);

    assertThat(out).contains("symbolic link to \\\"../../../../etc/passwd\\\" points outside the archive");
    assertThat(store.storeFiles()).isEqualTo(before);
    assertThat(store.layerRows()).isEqualTo(layersBefore);
    assertThat(store.images.list()).hasSize(1);
  }

  @Test
  void refusesAbsoluteSymlink() throws Exception {
    String out = store.load(new TarBuilder().symlink("manifest.json", "/etc/passwd").build(), true);

    assertThat(out).contains("points outside the archive");
  }

  @Test
  void wrongDiffIdFailsClearlyAndRemovesWhatItAdded() throws Exception {
    List<String> before = store.storeFiles();
    byte[] cfg = TestImages.config(List.of(diffIds.get(0), Digests.of("something else")), CREATED);
    ArrayNode manifest = Json.plain().createArrayNode();
    ObjectNode item = manifest.addObject();
    item.put("Config", "cfg.json");
    item.putArray("RepoTags").add("broken:1");
    item.putArray("Layers").add("a/layer.tar").add("b/layer.tar");
    byte[] archive = new TarBuilder()
        .file("a/layer.tar", layer0)
        .file("b/layer.tar", layer1)
        .file("cfg.json", cfg)
        .file("manifest.json", TestImages.bytes(manifest))
        .build();

    String out = store.load(archive, true);

    assertThat(out).contains("invalid diffID for layer 1: expected \\\"" + Digests.of("something else")
        + "\\\", got \\\"" + diffIds.get(1) + "\\\"");
    assertThat(store.images.list()).isEmpty();
    assertThat(store.layerRows()).isZero();
    assertThat(store.storeFiles()).isEqualTo(before);
  }

  @Test
  void layerCountMismatchIsReported() throws Exception {
    ArrayNode manifest = Json.plain().createArrayNode();
    ObjectNode item = manifest.addObject();
    item.put("Config", "cfg.json");
    item.putArray("Layers").add("a/layer.tar");
    byte[] archive = new TarBuilder()
        .file("a/layer.tar", layer0)
        .file("cfg.json", config)
        .file("manifest.json", TestImages.bytes(manifest))
        .build();

    assertThat(store.load(archive, true)).contains("invalid manifest, layers length mismatch: expected 1, got 2");
  }

  @Test
  void tamperedBlobIsRefused() throws Exception {
    byte[] archive = new TarBuilder()
        .file("blobs/sha256/" + Digests.hex(diffIds.get(0)), layer1)
        .build();

    assertThat(store.load(archive, true)).contains("does not match its digest");
  }

  @Test
  void archiveWithoutManifestIsReported() throws Exception {
    assertThat(store.load(new TarBuilder().file("hello", "x").build(), true))
        .contains("invalid archive: it contains neither a manifest.json");
  }

  @Test
  void otherOperatingSystemIsRefused() throws Exception {
    ObjectNode cfg = (ObjectNode) Json.plain().readTree(config);
    cfg.put("os", "windows");
    ArrayNode manifest = Json.plain().createArrayNode();
    ObjectNode item = manifest.addObject();
    item.put("Config", "cfg.json");
    item.putArray("Layers").add("a/layer.tar").add("b/layer.tar");
    byte[] archive = new TarBuilder()
        .file("cfg.json", TestImages.bytes(cfg))
        .file("manifest.json", TestImages.bytes(manifest))
        .build();

    assertThat(store.load(archive, true)).contains("cannot load windows image on linux");
  }
}
