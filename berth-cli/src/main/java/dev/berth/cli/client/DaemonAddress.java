package dev.berth.cli.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the daemon listens: {@code -H/--host}, else {@code BERTH_HOST}, else {@code DOCKER_HOST},
 * else {@code unix:///run/berth/berth.sock}. Only unix sockets are supported; the original text is
 * kept for error messages, which quote it as docker does.
 */
public record DaemonAddress(String uri, Path socket) {
  public static final String DEFAULT = "unix:///run/berth/berth.sock";

  public static DaemonAddress resolve(String hostOption, Map<String, String> env) {
    String uri = hostOption;
    if (isBlank(uri)) {
      uri = env.get("BERTH_HOST");
    }
    if (isBlank(uri)) {
      uri = env.get("DOCKER_HOST");
    }
    if (isBlank(uri)) {
      uri = DEFAULT;
    }
    return parse(uri);
  }

  public static DaemonAddress parse(String uri) {
    if (uri.startsWith("unix://")) {
      String path = uri.substring("unix://".length());
      if (path.isEmpty()) {
        throw new IllegalArgumentException("invalid host: " + uri);
      }
      return new DaemonAddress(uri, Path.of(path));
    }
    if (uri.startsWith("/")) {
      return new DaemonAddress("unix://" + uri, Path.of(uri));
    }
    throw new IllegalArgumentException("unsupported host " + uri + ": berth speaks only unix:// sockets");
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
