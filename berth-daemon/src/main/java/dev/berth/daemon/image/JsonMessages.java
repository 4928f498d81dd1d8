package dev.berth.daemon.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * The JSON message stream of load, import and (later) pull, in the shape Docker's jsonmessage
 * readers parse: one object per message, each followed by CRLF and flushed, output lines as
 * {@code {"stream"}}, states as {@code {"status"}}, progress with {@code progressDetail}, and a
 * failure as {@code {"errorDetail":{"message"},"error"}}.
 *
 * <p>The response starts with the first message, so a caller that fails before anything was said
 * can still answer with a plain HTTP error ({@link #started()}).
 */
public final class JsonMessages {
  private static final byte[] CRLF = {'\r', '\n'};
  private final Supplier<OutputStream> opener;
  private OutputStream out;

  public JsonMessages(Supplier<OutputStream> opener) {
    this.opener = opener;
  }

  public boolean started() {
    return out != null;
  }

  /** A line of output, as {@code docker load} prints "Loaded image: ...". */
  public void stream(String line) throws IOException {
    ObjectNode m = Json.plain().createObjectNode();
    m.put("stream", line.endsWith("\n") ? line : line + "\n");
    write(m);
  }

  public void status(String status) throws IOException {
    ObjectNode m = Json.plain().createObjectNode();
    m.put("status", status);
    write(m);
  }

  /** Progress of one item ({@code id} is a short ID), drawn by the CLI as a bar. */
  public void progress(String status, String id, long current, long total) throws IOException {
    ObjectNode m = Json.plain().createObjectNode();
    m.put("status", status);
    ObjectNode detail = m.putObject("progressDetail");
    detail.put("current", current);
    detail.put("total", total);
    m.put("progress", bar(current, total));
    m.put("id", id);
    write(m);
  }

  /** Reports a failure in-band; the stream's HTTP status stays 200, as Docker's does. */
  public void error(String message) throws IOException {
    ObjectNode m = Json.plain().createObjectNode();
    m.putObject("errorDetail").put("message", message);
    m.put("error", message);
    write(m);
  }

  /** Starts the response even if there is nothing to say (a load of an empty archive answers 200). */
  public synchronized void begin() throws IOException {
    if (out == null) {
      open();
    }
  }

  /** Ends the response if it was started. */
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }

  /** A state of one item ({@code id}), such as "Pulling fs layer" or "Pull complete". */
  public void status(String id, String status) throws IOException {
    ObjectNode m = Json.plain().createObjectNode();
    m.put("status", status);
    m.putObject("progressDetail");
    m.put("id", id);
    write(m);
  }

  /** A result for the client to read, such as push's {@code {"Tag","Digest","Size"}}. */
  public void aux(ObjectNode aux) throws IOException {
    ObjectNode m = Json.plain().createObjectNode();
    m.put("progress", "");
    m.putObject("progressDetail");
    m.set("aux", aux);
    write(m);
  }

  /** Messages may come from several layer transfers at once: one at a time on the wire. */
  private synchronized void write(ObjectNode message) throws IOException {
    begin();
    byte[] json = Json.plain().writeValueAsBytes(message);
    byte[] line = new byte[json.length + CRLF.length];
    System.arraycopy(json, 0, line, 0, json.length);
    System.arraycopy(CRLF, 0, line, json.length, CRLF.length);
    out.write(line);
    out.flush();
  }

  private void open() throws IOException {
    try {
      out = opener.get();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Docker's progress text: a 50-column bar and the sizes. */
  static String bar(long current, long total) {
    if (total <= 0) {
      return human(current);
    }
    int width = 50;
    int filled = (int) Math.min(width, current * width / total);
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < width; i++) {
      b.append(i < filled ? '=' : i == filled ? '>' : ' ');
    }
    return b.append("]  ").append(human(current)).append('/').append(human(total)).toString();
  }

  /** Decimal units with up to four significant digits, as Go's go-units HumanSize. */
  static String human(long bytes) {
    String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
    double v = bytes;
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    String num = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    return num + units[u];
  }
}
