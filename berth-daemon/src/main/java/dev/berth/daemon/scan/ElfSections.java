package dev.berth.daemon.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads one named section of an ELF file (32 or 64 bit, either byte order) without loading the
 * rest: what Go's build info ({@code .go.buildinfo}) and cargo-auditable's dependency list
 * ({@code .dep-v0}) need. Anything that does not parse as ELF reads as "no such section".
 */
final class ElfSections {
  private static final int MAX_SECTION = 16 << 20;

  private ElfSections() {}

  /** The named section's bytes, or null. */
  static byte[] section(Path file, String wanted) throws IOException {
    return sections(file, wanted)[0];
  }

  /**
   * The bytes of each named section (null where absent, all null when the file is not ELF), with
   * one open and one read of the section table, however many are asked for.
   */
  static byte[][] sections(Path file, String... wanted) throws IOException {
    byte[][] found = new byte[wanted.length][];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      scan(ch, wanted, found);
    }
    return found;
  }

  private static void scan(FileChannel ch, String[] wantedNames, byte[][] found) throws IOException {
    {
      ByteBuffer h = read(ch, 0, 64);
      if (h == null || h.get(0) != 0x7f || h.get(1) != 'E' || h.get(2) != 'L' || h.get(3) != 'F') {
        return;
      }
      boolean is64 = h.get(4) == 2;
      h.order(h.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      long shoff = is64 ? h.getLong(0x28) : Integer.toUnsignedLong(h.getInt(0x20));
      int shentsize = Short.toUnsignedInt(h.getShort(is64 ? 0x3A : 0x2E));
      int shnum = Short.toUnsignedInt(h.getShort(is64 ? 0x3C : 0x30));
      int shstrndx = Short.toUnsignedInt(h.getShort(is64 ? 0x3E : 0x32));
      if (shoff <= 0 || shnum == 0 || shnum > 4096 || shstrndx >= shnum || shentsize < (is64 ? 64 : 40)) {
        return;
      }
      ByteBuffer sh = read(ch, shoff, shentsize * shnum);
      if (sh == null) {
        return;
      }
      sh.order(h.order());
      long[] strtab = header(sh, shstrndx * shentsize, is64);
      ByteBuffer names = read(ch, strtab[0], (int) Math.min(strtab[1], 1 << 20));
      if (names == null) {
        return;
      }
      for (int w = 0; w < wantedNames.length; w++) {
        byte[] want = wantedNames[w].getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < shnum; i++) {
          int nameOff = sh.getInt(i * shentsize);
          if (nameOff < 0 || nameOff + want.length >= names.capacity()) {
            continue;
          }
          boolean match = names.get(nameOff + want.length) == 0;
          for (int k = 0; match && k < want.length; k++) {
            match = names.get(nameOff + k) == want[k];
          }
          if (match) {
            long[] s = header(sh, i * shentsize, is64);
            if (s[1] <= MAX_SECTION) {
              ByteBuffer data = read(ch, s[0], (int) s[1]);
              found[w] = data == null ? null : data.array();
            }
            break;
          }
        }
      }
    }
  }

  /** A section header's file offset and size. */
  private static long[] header(ByteBuffer sh, int at, boolean is64) {
    return is64 ? new long[] {sh.getLong(at + 0x18), sh.getLong(at + 0x20)}
        : new long[] {Integer.toUnsignedLong(sh.getInt(at + 0x10)), Integer.toUnsignedLong(sh.getInt(at + 0x14))};
  }

  private static ByteBuffer read(FileChannel ch, long at, int len) throws IOException {
    if (at < 0 || len < 0 || at + len > ch.size()) {
      return null;
    }
    ByteBuffer b = ByteBuffer.allocate(len);
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        return null;
      }
    }
    return b;
  }
}
