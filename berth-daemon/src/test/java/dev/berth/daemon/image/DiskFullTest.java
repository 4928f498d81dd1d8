package dev.berth.daemon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.store.AtomicFiles;
import dev.berth.daemon.sys.LibC;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A load that fills the disk fails with one line and leaves the store as it was (needs root for a tmpfs). */
class DiskFullTest {

  private static byte[] archive(byte[] layer, String tag) {
    byte[] config = TestImages.config(List.of(Digests.of(layer)), "2024-01-01T00:00:00Z");
    ArrayNode manifest = Json.plain().createArrayNode();
    ObjectNode item = manifest.addObject();
    item.put("Config", "cfg.json");
    item.putArray("RepoTags").add(tag);
    item.putArray("Layers").add("a/layer.tar");
    return new TarBuilder()
        .file("a/layer.tar", layer)
        .file("cfg.json", config)
        .file("manifest.json", TestImages.bytes(manifest))
        .build();
  }

  @Test
  void diskFullIsOneLineAndLeavesTheStoreConsistent() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
    Path dir = Files.createTempDirectory("berth-diskfull-");
    Path root = Files.createDirectory(dir.resolve("root"));
    // mount(8), not LibC.mount: the latter's invokeExact sees its data argument as Object (reported).
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", root.toString())
        .inheritIO().start();
    assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here");
    try (TestImages store = new TestImages(dir, root)) {
      byte[] small = new TarBuilder().file("hello", "hi").build();
      assertThat(store.load(archive(small, "small:1"), true)).contains("Loaded image: small:1");
      List<String> before = store.storeFiles();
      int layersBefore = store.layerRows();
      byte[] noise = new byte[1200 << 10];
      new Random(42).nextBytes(noise);
      byte[] big = new TarBuilder().file("noise", noise).build();

      String out = store.load(archive(big, "big:1"), true);

      assertThat(out).isEqualTo("{\"errorDetail\":{\"message\":\"failed to load the image: no space left on device\"},"
          + "\"error\":\"failed to load the image: no space left on device\"}\r\n");
      assertThat(store.storeFiles()).isEqualTo(before);
      assertThat(store.layerRows()).isEqualTo(layersBefore);
      assertThat(store.images.list()).extracting(ImageRecord::tags).containsExactly(List.of("small:1"));
      // and the store still works once space is back
      byte[] other = new TarBuilder().file("again", "yes").build();
      assertThat(store.load(archive(other, "again:1"), true)).contains("Loaded image: again:1");
    } finally {
      LibC.umount(root.toString(), LibC.MNT_DETACH);
      AtomicFiles.deleteTree(dir);
    }
  }
}
