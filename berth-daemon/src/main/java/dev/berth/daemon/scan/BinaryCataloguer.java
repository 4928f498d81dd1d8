package dev.berth.daemon.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Packages compiled into executables: Go's build info (the {@code .go.buildinfo} section of Go
 * 1.18+ binaries: the Go version, which OSV files under {@code stdlib}, and every module with its
 * version) and Rust's cargo-auditable list (the zlib-compressed JSON in {@code .dep-v0}).
 */
final class BinaryCataloguer implements FileCataloguer {
  private static final byte[] GO_MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
  private static final int MAX_JSON = 8 << 20;

  @Override
  public boolean wants(String rel, boolean executable) {
    return executable && !rel.endsWith(".sh") && !rel.endsWith(".py") && !rel.contains(".so")
        && !rel.startsWith("usr/share/");
  }

  @Override
  public List<FoundPackage> read(String rel, Path file, List<String> warnings) throws IOException {
    byte[][] s = ElfSections.sections(file, ".go.buildinfo", ".dep-v0");
    if (s[0] == null && s[1] == null) {
      return List.of();
    }
    List<FoundPackage> out = new ArrayList<>();
    byte[] go = s[0];
    if (go != null) {
      goModules(go, rel, out);
    }
    byte[] dep = s[1];
    if (dep != null) {
      cargo(dep, rel, out, warnings);
    }
    return out;
  }

  static void goModules(byte[] info, String rel, List<FoundPackage> out) {
    if (info.length < 32) {
      return;
    }
    for (int i = 0; i < GO_MAGIC.length; i++) {
      if (info[i] != GO_MAGIC[i]) {
        return;
      }
    }
    if ((info[15] & 2) == 0) {
      return; // pre-1.18 binaries point into the data segment instead: not read
    }
    int[] at = {32};
    String goVersion = varString(info, at);
    String mod = varString(info, at);
    if (goVersion == null) {
      return;
    }
    out.add(new FoundPackage("golang", "stdlib", goVersion.replaceFirst("^go", "v"), "stdlib", goVersion, "", rel));
    if (mod == null || mod.length() < 33) {
      return;
    }
    mod = mod.substring(16, mod.length() - 16); // sentinels around the text
    String[] pending = null;
    for (String line : mod.split("\n")) {
      String[] f = line.split("\t");
      if ((f[0].equals("mod") || f[0].equals("dep")) && f.length >= 3) {
        if (pending != null) {
          add(pending, rel, out);
        }
        pending = new String[] {f[1], f[2]};
      } else if (f[0].equals("=>") && f.length >= 3 && pending != null) {
        pending = new String[] {f[1], f[2]}; // a replacement: what was actually built
      }
    }
    if (pending != null) {
      add(pending, rel, out);
    }
  }

  private static void add(String[] mod, String rel, List<FoundPackage> out) {
    if (mod[1].equals("(devel)") || mod[1].isEmpty()) {
      return;
    }
    out.add(new FoundPackage("golang", mod[0], mod[1], mod[0], mod[1], "", rel));
  }

  private static String varString(byte[] b, int[] at) {
    long len = 0;
    int shift = 0;
    while (at[0] < b.length) {
      int x = b[at[0]++] & 0xff;
      len |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        break;
      }
      shift += 7;
      if (shift > 28) {
        return null;
      }
    }
    if (len < 0 || at[0] + len > b.length) {
      return null;
    }
    String s = new String(b, at[0], (int) len, StandardCharsets.UTF_8);
    at[0] += (int) len;
    return s;
  }

  static void cargo(byte[] compressed, String rel, List<FoundPackage> out, List<String> warnings) {
    Inflater inf = new Inflater();
    try {
      inf.setInput(compressed);
      ByteArrayOutputStream json = new ByteArrayOutputStream();
      byte[] buf = new byte[16384];
      while (!inf.finished()) {
        int n = inf.inflate(buf);
        if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        json.write(buf, 0, n);
        if (json.size() > MAX_JSON) {
          warnings.add(rel + ": cargo-auditable data larger than 8 MiB; skipped");
          return;
        }
      }
      JsonNode root = Json.plain().readTree(json.toByteArray());
      for (JsonNode p : root.path("packages")) {
        String name = p.path("name").asText("");
        String version = p.path("version").asText("");
        if (!name.isEmpty() && !version.isEmpty() && p.path("source").asText("crates.io").equals("crates.io")) {
          out.add(new FoundPackage("cargo", name, version, name, version, "", rel));
        }
      }
    } catch (DataFormatException | IOException e) {
      warnings.add(rel + ": cargo-auditable data is damaged; skipped");
    } finally {
      inf.end();
    }
  }
}
