package dev.berth.cli.command.container;

import dev.berth.cli.client.DaemonClient;
import dev.berth.cli.client.HttpRequest;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.Map;

/** Container API calls shared by run, start, logs and wait. */
final class Containers {
  private Containers() {}

  static String path(String idOrName) {
    return "/containers/" + Query.segment(idOrName);
  }

  /** Hijacks an attach connection; the daemon may answer 101 (upgraded) or 200 (raw stream). */
  static HttpResponse attach(DaemonClient client, String id, boolean stdin, boolean stdout, boolean stderr)
      throws IOException {
    return attach(client, id, stdin, stdout, stderr, "");
  }

  /** The same, with the detach keys the daemon watches for (empty: its default). */
  static HttpResponse attach(DaemonClient client, String id, boolean stdin, boolean stdout, boolean stderr,
      String detachKeys) throws IOException {
    String target = Query.path(path(id) + "/attach").param("stream", "1").flag("stdin", stdin).flag("stdout", stdout)
        .flag("stderr", stderr).nonEmpty("detachKeys", detachKeys).build();
    return client.call(new HttpRequest("POST", target).upgrade());
  }

  /** Sends the wait request and returns once its headers arrived; the body comes at exit. */
  static HttpResponse waitFor(DaemonClient client, String id, String condition) throws IOException {
    return client.open("POST", Query.path(path(id) + "/wait").nonEmpty("condition", condition).build());
  }

  /** Reads {@code {"StatusCode":N,"Error":{"Message":"..."}}}; an error message is thrown. */
  static int exitCode(HttpResponse wait) throws IOException {
    try (wait) {
      Object v = Json.parse(wait.bytes());
      if (v instanceof Map<?, ?> m) {
        if (m.get("Error") instanceof Map<?, ?> e && e.get("Message") instanceof String msg && !msg.isEmpty()) {
          throw new IllegalStateException(msg);
        }
        if (m.get("StatusCode") instanceof Number n) {
          return n.intValue();
        }
      }
      return 0;
    }
  }

  static boolean hasTty(DaemonClient client, String id) throws IOException {
    Object v = client.getJson(path(id) + "/json");
    return v instanceof Map<?, ?> m && m.get("Config") instanceof Map<?, ?> c && Boolean.TRUE.equals(c.get("Tty"));
  }

  /**
   * docker's exit codes for a container that failed to start: 127 when the command was not found,
   * 126 when it could not be invoked, 125 for anything else.
   */
  static int startFailureCode(String message) {
    String m = message.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("executable file not found") || m.contains("no such file or directory")
        || m.contains("system cannot find the file specified")) {
      return 127;
    }
    if (m.contains("permission denied") || m.contains("cannot be invoked") || m.contains("is a directory")) {
      return 126;
    }
    return 125;
  }
}
