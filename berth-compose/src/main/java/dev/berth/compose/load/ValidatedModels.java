package dev.berth.compose.load;

import dev.berth.cli.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Models that already passed the schema check, remembered as empty marker files named by the
 * SHA-256 of the merged model and the compose version (so a new schema checks everything again)
 * under {@code $XDG_CACHE_HOME/berth/compose-valid} or {@code ~/.cache/berth/compose-valid}.
 * Validating loads Jackson and compiles the schema, about 100 ms of CPU; a repeated command on an
 * unchanged file skips it. Any failure to read or write the cache only means validating again.
 */
final class ValidatedModels {
  private final Path dir;

  private ValidatedModels(Path dir) {
    this.dir = dir;
  }

  static ValidatedModels in(Map<String, String> env) {
    String base = env.get("XDG_CACHE_HOME");
    if (base == null || base.isEmpty()) {
      String home = env.getOrDefault("HOME", System.getProperty("user.home"));
      base = home + "/.cache";
    }
    return new ValidatedModels(Path.of(base, "berth", "compose-valid"));
  }

  String key(Map<String, Object> model) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(dev.berth.compose.Main.VERSION.getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(Json.write(model).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  boolean contains(String key) {
    return Files.exists(dir.resolve(key));
  }

  void add(String key) {
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".new", "");
      Files.move(tmp, dir.resolve(key), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      // a read-only home: validate every time
    }
  }
}
