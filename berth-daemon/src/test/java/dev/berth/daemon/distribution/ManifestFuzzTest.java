package dev.berth.daemon.distribution;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.FuzzChecks;
import dev.berth.daemon.image.Digests;
import dev.berth.daemon.image.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Manifests, indexes and image configs come from a registry, which may be hostile. The input is
 * the manifest's bytes, optionally followed by a NUL and the config's bytes. Everything the pull
 * reads from them before it downloads anything is fuzzed: the JSON, the media type, the platform
 * choice in an index, the config and layer descriptors, the diff IDs. The documented refusal is a
 * one-line {@link IOException}, which the pull reports as its error.
 */
class ManifestFuzzTest {
  private static final ImageReference REF = ImageReference.parse("registry.example.com/team/app:1.0");

  @FuzzTest(maxDuration = "3m")
  void parse(byte[] input) {
    int nul = indexOf(input, (byte) 0);
    byte[] manifest = nul < 0 ? input : Arrays.copyOf(input, nul);
    byte[] config = nul < 0 ? "{\"rootfs\":{\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8)
        : Arrays.copyOfRange(input, nul + 1, input.length);
    try {
      read(manifest, config);
    } catch (IOException e) {
      FuzzChecks.requireOneLine(new IllegalStateException(e.getMessage(), e));
    }
  }

  private static void read(byte[] manifestBytes, byte[] config) throws IOException {
    RegistryClient.Manifest m = new RegistryClient.Manifest(manifestBytes, "", Digests.of(manifestBytes));
    JsonNode json = m.json();
    String type = json.path("mediaType").asText("");
    if (MediaTypes.INDEXES.contains(type) || json.has("manifests")) {
      for (String p : new String[] {"linux/amd64", "linux/arm64", "linux/arm/v6", "windows"}) {
        try {
          ImagePuller.select(json, Platform.parse(p), REF);
        } catch (IOException e) {
          FuzzChecks.requireOneLine(new IllegalStateException(e.getMessage(), e));
        }
      }
      return;
    }
    JsonNode configDesc = json.path("config");
    String digest = ImagePuller.digest(configDesc, "config");
    JsonNode cfg = ImagePuller.config(config, digest);
    Platform.host().matches(cfg);
    ImagePuller.layers(json, cfg);
  }

  private static int indexOf(byte[] b, byte v) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }
}
