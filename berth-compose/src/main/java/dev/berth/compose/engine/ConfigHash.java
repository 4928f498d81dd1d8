package dev.berth.compose.engine;

import dev.berth.cli.json.Json;
import dev.berth.compose.model.Service;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code config-hash} label: SHA-256 of the service's canonical model minus what does not
 * change the container (build, pull_policy, scale, deploy.replicas, depends_on, profiles). An
 * {@code up} whose hash matches the running container's leaves it alone.
 */
public final class ConfigHash {
  private ConfigHash() {}

  @SuppressWarnings("unchecked")
  public static String of(Service s) {
    Map<String, Object> m = new LinkedHashMap<>(s.spec());
    for (String k : new String[] {"build", "pull_policy", "scale", "depends_on", "profiles"}) {
      m.remove(k);
    }
    if (m.get("deploy") instanceof Map<?, ?> d) {
      Map<String, Object> nd = new LinkedHashMap<>((Map<String, Object>) d);
      nd.remove("replicas");
      m.put("deploy", nd);
    }
    return sha256(Json.write(m));
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
