package dev.berth.daemon.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading cgroup files: a missing file or a controller that is not there reads as nothing. */
final class CgroupFiles {
  private CgroupFiles() {}

  static String read(Path file) throws IOException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      return "";
    }
  }

  /** A single number; {@code max} and absence give {@code fallback}. */
  static long number(Path file, long fallback) throws IOException {
    String s = read(file).strip();
    if (s.isEmpty() || s.equals("max")) {
      return fallback;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      // v1 limits can exceed a signed long only in theory (unsigned 64 bit): treat as unlimited
      return fallback;
    }
  }

  /** {@code key value} lines, as memory.stat and cpu.stat have them, in file order. */
  static Map<String, Long> keyValues(String text) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2) {
        try {
          out.put(f[0], Long.parseLong(f[1]));
        } catch (NumberFormatException ignored) {
          // not a counter
        }
      }
    }
    return out;
  }

  /** Whitespace-separated numbers (cpuacct.usage_percpu). */
  static List<Long> numbers(String text) {
    List<Long> out = new ArrayList<>();
    for (String f : text.trim().split("\\s+")) {
      if (!f.isEmpty()) {
        out.add(Long.parseLong(f));
      }
    }
    return out;
  }
}
