package dev.berth.daemon.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.daemon.FuzzChecks;
import dev.berth.daemon.FuzzTempDir;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code docker load} and {@code POST /images/load} take an archive from anyone who reaches the
 * socket. The bytes are read as the loader reads them: spooled into a private temporary
 * directory (entry names never become paths), then {@code manifest.json} or the OCI
 * {@code index.json} with its manifests and configs, each config's diff IDs, and each layer's tar
 * headers. The documented refusal is a one-line {@link IOException}; the spool is removed
 * whatever happens.
 */
class ArchiveFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void load(byte[] input) {
    Path parent = FuzzTempDir.get();
    try (ArchiveSpool spool = ArchiveSpool.read(new ByteArrayInputStream(input), parent)) {
      for (ArchivedImage image : contents(spool)) {
        List<String> diffIds = ImageArchiveLoader.diffIds(image.config());
        if (diffIds.size() != image.layers().size()) {
          continue; // the loader refuses this with "layers length mismatch"
        }
        image.tags().forEach(ImageReference::parse);
        for (String layer : image.layers()) {
          try (InputStream in = Files.newInputStream(spool.require(layer))) {
            LayerTarFuzzTest.scan(in);
          }
        }
      }
    } catch (IOException e) {
      FuzzChecks.requireOneLine(new IllegalStateException(String.valueOf(e.getMessage()), e));
    }
    FuzzTempDir.requireEmpty(parent);
  }

  /** As {@code ImageArchiveLoader.contents}: Docker's manifest.json wins over an OCI index. */
  private static List<ArchivedImage> contents(ArchiveSpool spool) throws IOException {
    if (spool.has(DockerArchiveManifest.FILE)) {
      return DockerArchiveManifest.read(spool);
    }
    if (spool.has(OciLayoutIndex.FILE)) {
      return OciLayoutIndex.read(spool, "amd64");
    }
    return List.of();
  }
}
