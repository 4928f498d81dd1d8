package dev.berth.daemon.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import dev.berth.daemon.image.ImageReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ManifestSelectionTest {
  private static final String AMD = "sha256:" + "1".repeat(64);
  private static final String ARM = "sha256:" + "2".repeat(64);
  private static final String ARMV7 = "sha256:" + "3".repeat(64);

  private static JsonNode index() throws Exception {
    return Json.plain().readTree("""
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1,
           "platform":{"os":"linux","architecture":"arm64","variant":"v8"}},
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1,
           "platform":{"os":"linux","architecture":"arm","variant":"v7"}},
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":1,
           "platform":{"os":"unknown","architecture":"unknown"}},
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1,
           "platform":{"os":"linux","architecture":"amd64"}}]}""".formatted(ARM, ARMV7, "4".repeat(64), AMD));
  }

  @Test
  void hostPlatformIsLinuxAmd64() throws Exception {
    assertThat(ImagePuller.select(index(), Platform.parse("linux/amd64"), ImageReference.parse("x"))).isEqualTo(AMD);
  }

  @Test
  void platformSpellings() throws Exception {
    assertThat(ImagePuller.select(index(), Platform.parse("linux/arm64"), ImageReference.parse("x"))).isEqualTo(ARM);
    assertThat(ImagePuller.select(index(), Platform.parse("linux/aarch64/v8"), ImageReference.parse("x"))).isEqualTo(ARM);
    assertThat(ImagePuller.select(index(), Platform.parse("linux/arm"), ImageReference.parse("x"))).isEqualTo(ARMV7);
    assertThat(ImagePuller.select(index(), Platform.parse("linux/x86_64"), ImageReference.parse("x"))).isEqualTo(AMD);
  }

  @Test
  void aMissingPlatformIsDockersError() {
    assertThatThrownBy(() -> ImagePuller.select(index(), Platform.parse("linux/s390x"), ImageReference.parse("x")))
        .hasMessageContaining("no matching manifest for linux/s390x");
    assertThatThrownBy(() -> Platform.parse("a/b/c/d")).hasMessageContaining("invalid platform");
  }

  @Test
  void gzipStreamIsValidAndStable() throws Exception {
    byte[] data = new byte[3 << 20];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 % 251);
    }
    byte[][] out = new byte[2][];
    String[] digests = new String[2];
    for (int k = 0; k < 2; k++) {
      GzipStream gz = new GzipStream(new ByteArrayInputStream(data));
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      byte[] buf = new byte[k == 0 ? 7000 : 65536]; // read in different sizes: the bytes must not change
      int n;
      while ((n = gz.read(buf, 0, buf.length)) >= 0) {
        b.write(buf, 0, n);
      }
      out[k] = b.toByteArray();
      digests[k] = gz.digest();
      assertThat(gz.size()).isEqualTo(out[k].length);
      assertThat(digests[k]).isEqualTo(dev.berth.daemon.image.Digests.of(out[k]));
    }
    assertThat(digests[0]).isEqualTo(digests[1]);
    assertThat(new GZIPInputStream(new ByteArrayInputStream(out[0])).readAllBytes()).isEqualTo(data);
  }

  @Test
  void aBadDigestOrConfigFromTheRegistryIsAnIoErrorOfOneLine() {
    assertThatThrownBy(() -> ImagePuller.digest(Json.plain().readTree("{\"digest\":\"sha256:short\"}"), "config"))
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("malformed manifest: the config descriptor has an invalid digest \"sha256:short\"");
    assertThatThrownBy(() -> ImagePuller.digest(Json.plain().readTree("{}"), "layer"))
        .isInstanceOf(java.io.IOException.class).hasMessage("malformed manifest: the layer descriptor has no digest");
    assertThatThrownBy(() -> ImagePuller.config("{\"a\":".getBytes(), "sha256:x"))
        .isInstanceOf(java.io.IOException.class).hasMessageStartingWith("malformed image config sha256:x: invalid JSON")
        .hasMessageNotContaining("\n");
  }
}
