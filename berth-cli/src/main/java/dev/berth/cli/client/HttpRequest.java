package dev.berth.cli.client;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request: method, target (path and query), extra headers and an optional body.
 *
 * <p>A body is either bytes (sent with Content-Length) or a stream; a stream with a known length
 * is sent with Content-Length, one of unknown length (stdin) with chunked transfer encoding.
 */
public final class HttpRequest {
  final String method;
  final String target;
  final Map<String, String> headers = new LinkedHashMap<>();
  byte[] body;
  InputStream bodyStream;
  long bodyLength = -1;

  public HttpRequest(String method, String target) {
    this.method = method;
    this.target = target;
  }

  public HttpRequest header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public HttpRequest json(String json) {
    headers.put("Content-Type", "application/json");
    body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return this;
  }

  /** A streamed body; {@code length < 0} means unknown, sent chunked. */
  public HttpRequest stream(InputStream in, long length, String contentType) {
    headers.put("Content-Type", contentType);
    bodyStream = in;
    bodyLength = length;
    return this;
  }

  /** Asks the daemon to turn the connection into a raw two-way pipe (attach). */
  public HttpRequest upgrade() {
    headers.put("Connection", "Upgrade");
    headers.put("Upgrade", "tcp");
    return this;
  }

  public String method() {
    return method;
  }

  public String target() {
    return target;
  }
}
