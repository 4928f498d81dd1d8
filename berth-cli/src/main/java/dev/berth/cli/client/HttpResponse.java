package dev.berth.cli.client;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A response whose body is read as it arrives: Content-Length, chunked and close-delimited bodies
 * all look like one InputStream. After an upgrade (attach) the body is the raw connection and
 * {@link #output()} writes to the other side.
 */
public final class HttpResponse implements Closeable {
  private final int status;
  private final String reason;
  private final Map<String, String> headers;
  private final InputStream body;
  private final Connection connection;

  HttpResponse(int status, String reason, Map<String, String> headers, InputStream body, Connection connection) {
    this.status = status;
    this.reason = reason;
    this.headers = headers;
    this.body = body;
    this.connection = connection;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  /** A header by case-insensitive name, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  public InputStream body() {
    return body;
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300 || status == 101;
  }

  public byte[] bytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.transferTo(out);
    return out.toByteArray();
  }

  public String text() throws IOException {
    return new String(bytes(), StandardCharsets.UTF_8);
  }

  /** The write side of a hijacked connection. */
  public OutputStream output() {
    return connection.output();
  }

  /** Half-closes a hijacked connection: the daemon sees stdin end, output keeps flowing. */
  public void closeOutput() throws IOException {
    connection.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    connection.close();
  }
}
