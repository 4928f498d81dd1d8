package dev.berth.cli.command.registry;

import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registry credentials in Docker's {@code config.json}, so that {@code berth login} and
 * {@code docker login} share them: the file is {@code $BERTH_CONFIG/config.json}, else
 * {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. Credentials live under
 * {@code auths} as base64 {@code user:password}, unless a credential helper is named
 * ({@code credHelpers} per registry, else {@code credsStore}): then {@code docker-credential-<name>}
 * keeps them and the file only lists the registry. Every other field of the file is kept as it was.
 */
public final class AuthStore {
  /** Docker Hub's key in config.json, as Docker writes it. */
  public static final String HUB = "https://index.docker.io/v1/";
  private final Path file;

  /** A user and secret; {@code identityToken} set when the secret is a token rather than a password. */
  public record Credentials(String username, String password, String identityToken) {}

  public AuthStore(Map<String, String> env) {
    this.file = configDir(env).resolve("config.json");
  }

  static Path configDir(Map<String, String> env) {
    for (String var : new String[] {"BERTH_CONFIG", "DOCKER_CONFIG"}) {
      String v = env.get(var);
      if (v != null && !v.isEmpty()) {
        return Path.of(v);
      }
    }
    return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
  }

  public Path file() {
    return file;
  }

  /** The key a server is stored under: Hub's index URL for Docker Hub, else the host[:port]. */
  public static String key(String server) {
    String host = hostname(server);
    return host.equals("docker.io") ? HUB : host;
  }

  /** {@code https://host:port/v2/} and {@code host:port} alike give {@code host:port}. */
  public static String hostname(String server) {
    if (server == null || server.isBlank()) {
      return "docker.io";
    }
    String s = server.trim();
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      s = s.substring(0, slash);
    }
    s = s.toLowerCase(java.util.Locale.ROOT);
    return s.equals("index.docker.io") || s.equals("registry-1.docker.io") ? "docker.io" : s;
  }

  private Map<String, Object> read() throws IOException {
    if (!Files.isRegularFile(file)) {
      return new LinkedHashMap<>();
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return new LinkedHashMap<>();
    }
    try {
      if (Json.parse(text) instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
        return copy;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IOException("loading config file " + file + ": not a JSON object");
  }

  private void write(Map<String, Object> config) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), "config.json", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(tmp, Json.write(config) + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String name) {
    Object o = parent.get(name);
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
      parent.put(name, copy);
      return copy;
    }
    Map<String, Object> fresh = new LinkedHashMap<>();
    parent.put(name, fresh);
    return fresh;
  }

  private static String helper(Map<String, Object> config, String key) {
    if (config.get("credHelpers") instanceof Map<?, ?> h && h.get(key) instanceof String s && !s.isEmpty()) {
      return s;
    }
    return config.get("credsStore") instanceof String s && !s.isEmpty() ? s : null;
  }

  /** Stored credentials for a server, or null. */
  public Credentials get(String server) throws IOException {
    String key = key(server);
    Map<String, Object> config = read();
    String helper = helper(config, key);
    if (helper != null) {
      String out = runHelper(helper, "get", key, true);
      if (out == null || !(Json.parse(out) instanceof Map<?, ?> m)) {
        return null;
      }
      String user = String.valueOf(m.get("Username"));
      String secret = String.valueOf(m.get("Secret"));
      return user.equals("<token>") ? new Credentials("", "", secret) : new Credentials(user, secret, null);
    }
    Object entry = config.get("auths") instanceof Map<?, ?> auths ? find(auths, key) : null;
    if (!(entry instanceof Map<?, ?> e)) {
      return null;
    }
    String identity = e.get("identitytoken") instanceof String s ? s : null;
    if (e.get("auth") instanceof String a && !a.isEmpty()) {
      String pair = new String(Base64.getDecoder().decode(a), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? null : new Credentials(pair.substring(0, colon), pair.substring(colon + 1), identity);
    }
    return identity == null ? null : new Credentials("", "", identity);
  }

  private static Object find(Map<?, ?> auths, String key) {
    if (auths.containsKey(key)) {
      return auths.get(key);
    }
    for (var e : auths.entrySet()) {
      if (key(String.valueOf(e.getKey())).equals(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  public void store(String server, Credentials c) throws IOException {
    String key = key(server);
    Map<String, Object> config = read();
    Map<String, Object> auths = map(config, "auths");
    String helper = helper(config, key);
    if (helper != null) {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("ServerURL", key);
      payload.put("Username", c.identityToken() != null ? "<token>" : c.username());
      payload.put("Secret", c.identityToken() != null ? c.identityToken() : c.password());
      runHelper(helper, "store", Json.write(payload), false);
      auths.put(key, new LinkedHashMap<>());
    } else {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("auth", Base64.getEncoder().encodeToString((c.username() + ":" + c.password())
          .getBytes(StandardCharsets.UTF_8)));
      if (c.identityToken() != null && !c.identityToken().isEmpty()) {
        entry.put("identitytoken", c.identityToken());
      }
      auths.put(key, entry);
    }
    write(config);
  }

  /** Forgets a server's credentials; false when there were none. */
  public boolean erase(String server) throws IOException {
    String key = key(server);
    Map<String, Object> config = read();
    Map<String, Object> auths = map(config, "auths");
    boolean had = auths.remove(key) != null;
    String helper = helper(config, key);
    if (helper != null) {
      had |= runHelper(helper, "erase", key, true) != null;
    }
    if (had) {
      write(config);
    }
    return had;
  }

  /**
   * Runs {@code docker-credential-<name> <action>} with {@code input} on stdin. Returns its output,
   * or null when it reports that it has no credentials (and {@code missingOk}).
   */
  private static String runHelper(String name, String action, String input, boolean missingOk) throws IOException {
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IOException("invalid credential helper name: " + name);
    }
    Process p;
    try {
      p = new ProcessBuilder("docker-credential-" + name, action).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("error getting credentials - err: exec: \"docker-credential-" + name
          + "\": executable file not found in $PATH");
    }
    try (var stdin = p.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    int code;
    try {
      code = p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    if (code != 0) {
      if (missingOk && out.contains("credentials not found")) {
        return null;
      }
      throw new IOException("docker-credential-" + name + " " + action + ": " + out);
    }
    return out;
  }

  /** The X-Registry-Auth header for a server: base64url JSON, empty object when anonymous. */
  public String header(String server) {
    Credentials c;
    try {
      c = get(server);
    } catch (IOException | RuntimeException e) {
      c = null; // unreadable credentials: try anonymously, as docker does with a warning
    }
    Map<String, Object> auth = new LinkedHashMap<>();
    if (c != null) {
      if (c.username() != null && !c.username().isEmpty()) {
        auth.put("username", c.username());
        auth.put("password", c.password());
      }
      if (c.identityToken() != null && !c.identityToken().isEmpty()) {
        auth.put("identitytoken", c.identityToken());
      }
      auth.put("serveraddress", hostname(server));
    }
    return Base64.getUrlEncoder().encodeToString(Json.write(auth).getBytes(StandardCharsets.UTF_8));
  }

  /** The registry of an image reference, by Docker's rule for the first path component. */
  public static String registryOf(String image) {
    int slash = image.indexOf('/');
    if (slash > 0) {
      String first = image.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")
          || !first.toLowerCase(java.util.Locale.ROOT).equals(first)) {
        return first;
      }
    }
    return "docker.io";
  }
}
