package dev.berth.daemon.build;

import dev.berth.daemon.archive.ScopedPath;
import dev.berth.daemon.archive.TreeExtractor;
import dev.berth.daemon.store.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * A build's context on disk: the tar the client sent (plain or compressed), unpacked as it
 * streams into a private directory, so an enormous context costs disk, not memory. Entries are
 * confined to the directory; links are kept as links and never followed, so nothing outside the
 * context is read when COPY takes from it.
 */
final class BuildContext implements AutoCloseable {
  private final Path dir;

  private BuildContext(Path dir) {
    this.dir = dir;
  }

  static BuildContext receive(InputStream body, Path parent) throws IOException {
    Path dir = Files.createTempDirectory(Files.createDirectories(parent), "context-");
    BuildContext ctx = new BuildContext(dir);
    try {
      InputStream in = new BufferedInputStream(body, 1 << 16);
      InputStream plain = decompressed(in);
      TreeExtractor extractor = new TreeExtractor(entry -> ScopedPath.resolve(dir, entry, false), true, false);
      extractor.extract(plain);
      return ctx;
    } catch (IOException | RuntimeException e) {
      ctx.close();
      throw e;
    }
  }

  private static InputStream decompressed(InputStream in) throws IOException {
    try {
      String kind = CompressorStreamFactory.detect(in);
      return new CompressorStreamFactory().createCompressorInputStream(kind, in);
    } catch (CompressorException notCompressed) {
      return in;
    }
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    AtomicFiles.deleteTree(dir);
  }
}
