package dev.berth.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Small archives and digests the tests make themselves: a one-file tar, gzip, a sha256 digest. */
final class TestArchives {
  private TestArchives() {}

  /** A tar holding one regular file. */
  static byte[] tar(String name, String content) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry(name, true);
      e.setSize(data.length);
      t.putArchiveEntry(e);
      t.write(data);
      t.closeArchiveEntry();
    }
    return out.toByteArray();
  }

  static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(data);
    }
    return out.toByteArray();
  }

  /** {@code sha256:<hex>}, as registries name blobs. */
  static String sha(byte[] data) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
