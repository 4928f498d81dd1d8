package dev.berth.daemon.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.daemon.FuzzChecks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A layer blob from a registry or an archive, fed as a (possibly compressed) tar stream through
 * what the unpacker reads before it writes: decompression detection, the tar headers (PAX, GNU
 * long names, sparse files, xattrs) and {@link LayerUnpacker#components}, the entry-name check.
 * Nothing is written to disk: the unpacking itself follows symlinks today (issue 10) and is being
 * replaced by one rooted extractor. The documented refusal is a one-line {@link IOException}
 * ({@link UnsafeArchiveException} for a hostile name).
 */
class LayerTarFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void read(byte[] input) {
    try {
      scan(new ByteArrayInputStream(input));
    } catch (IOException e) {
      FuzzChecks.requireOneLine(new IllegalStateException(String.valueOf(e.getMessage()), e));
    }
  }

  /** Reads a layer stream to its end as the unpacker does; returns the number of entries. */
  static int scan(InputStream in) throws IOException {
    TarArchiveInputStream tar =
        new TarArchiveInputStream(LayerStore.decompressed(in), StandardCharsets.UTF_8.name());
    byte[] buf = new byte[8192];
    int count = 0;
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      count++;
      LayerUnpacker.components(e.getName());
      if (e.isLink()) {
        LayerUnpacker.components(e.getLinkName());
      }
      e.getMode();
      e.getLongUserId();
      e.getLongGroupId();
      e.getLastModifiedTime();
      e.getExtraPaxHeaders();
      if (e.isCharacterDevice() || e.isBlockDevice()) {
        e.getDevMajor();
        e.getDevMinor();
      }
      while (tar.read(buf) > 0) {
        // content, as the unpacker copies it
      }
    }
    return count;
  }
}
