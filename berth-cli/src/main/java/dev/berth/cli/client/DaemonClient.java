package dev.berth.cli.client;

import dev.berth.api.ApiVersion;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Engine API calls as the commands need them: versioned paths, JSON in and out, and daemon errors
 * turned into {@link DaemonException}. Every call opens its own connection, so a streaming
 * response (wait, logs -f, attach) can stay open while other calls are made.
 */
public final class DaemonClient {
  private final DaemonAddress address;
  private final UnixHttpClient http;
  private final String prefix;

  public DaemonClient(DaemonAddress address) {
    this.address = address;
    this.http = new UnixHttpClient(address.socket());
    this.prefix = "/v" + ApiVersion.CURRENT;
  }

  public DaemonAddress address() {
    return address;
  }

  /** Sends a request to the versioned path; a non-2xx answer becomes a {@link DaemonException}. */
  public HttpResponse call(HttpRequest req) throws IOException {
    HttpResponse resp = http.send(new Versioned(req, prefix).request());
    if (!resp.isSuccess() && resp.status() != 304) {
      try (resp) {
        throw new DaemonException(resp.status(), errorMessage(resp));
      }
    }
    return resp;
  }

  public Object getJson(String path) throws IOException {
    try (HttpResponse r = call(new HttpRequest("GET", path))) {
      return Json.parse(r.bytes());
    }
  }

  /** GET returning the raw body text (inspect prints the daemon's own bytes). */
  public String getText(String path) throws IOException {
    try (HttpResponse r = call(new HttpRequest("GET", path))) {
      return r.text();
    }
  }

  /** POST with an optional JSON body; returns the parsed answer or null if there was none. */
  public Object postJson(String path, Object body) throws IOException {
    HttpRequest req = new HttpRequest("POST", path);
    if (body != null) {
      req.json(Json.write(body));
    }
    try (HttpResponse r = call(req)) {
      byte[] b = r.bytes();
      return isBlank(b) ? null : Json.parse(b);
    }
  }

  /** POST with no body whose answer is not needed; 304 (already started/stopped) is not an error. */
  public int post(String path) throws IOException {
    try (HttpResponse r = call(new HttpRequest("POST", path))) {
      r.bytes();
      return r.status();
    }
  }

  public Object delete(String path) throws IOException {
    try (HttpResponse r = call(new HttpRequest("DELETE", path))) {
      byte[] b = r.bytes();
      return isBlank(b) ? null : Json.parse(b);
    }
  }

  /** Opens a streaming request and returns the response with its body unread. */
  public HttpResponse open(String method, String path) throws IOException {
    return call(new HttpRequest(method, path));
  }

  /** Uploads a stream (tar) as the body; length &lt; 0 sends it chunked. */
  public HttpResponse upload(String path, InputStream body, long length, String contentType) throws IOException {
    return call(new HttpRequest("POST", path).stream(body, length, contentType));
  }

  static String errorMessage(HttpResponse resp) {
    String text;
    try {
      text = resp.text().trim();
    } catch (IOException e) {
      text = "";
    }
    if (text.startsWith("{")) {
      try {
        // Go decodes JSON keys case-insensitively, so docker accepts "Message" too.
        if (Json.parse(text) instanceof Map<?, ?> m) {
          for (Map.Entry<?, ?> e : m.entrySet()) {
            if ("message".equalsIgnoreCase(String.valueOf(e.getKey())) && e.getValue() != null) {
              return String.valueOf(e.getValue());
            }
          }
        }
      } catch (IllegalArgumentException ignored) {
        // not JSON after all; fall through to the raw text
      }
    }
    if (text.isEmpty()) {
      return resp.status() + " " + resp.reason();
    }
    return text;
  }

  private static boolean isBlank(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\n' && x != '\r' && x != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Puts the version prefix in front of the request's path. */
  private record Versioned(HttpRequest original, String prefix) {
    HttpRequest request() {
      HttpRequest r = new HttpRequest(original.method, prefix + original.target);
      r.headers.putAll(original.headers);
      r.body = original.body;
      r.bodyStream = original.bodyStream;
      r.bodyLength = original.bodyLength;
      return r;
    }
  }
}
