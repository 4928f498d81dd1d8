package dev.berth.cli.client;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The status line and headers of an HTTP/1.1 response, parsed from a buffered stream that is left
 * positioned at the first body byte. Header names are lower-cased.
 */
record ResponseHead(int status, String reason, Map<String, String> headers) {
  static ResponseHead read(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new EOFException("the daemon closed the connection without answering");
    }
    if (!statusLine.startsWith("HTTP/1.")) {
      throw new IOException("malformed HTTP response: " + statusLine);
    }
    int sp1 = statusLine.indexOf(' ');
    int sp2 = statusLine.indexOf(' ', sp1 + 1);
    int status;
    try {
      status = Integer.parseInt(sp2 < 0 ? statusLine.substring(sp1 + 1) : statusLine.substring(sp1 + 1, sp2));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new IOException("malformed HTTP status line: " + statusLine);
    }
    String reason = sp2 < 0 ? "" : statusLine.substring(sp2 + 1);
    Map<String, String> headers = new HashMap<>();
    String h;
    while ((h = line(in)) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        String prev = headers.get(name);
        headers.put(name, prev == null ? value : prev + ", " + value);
      }
    }
    return new ResponseHead(status, reason, headers);
  }

  /** One CRLF- (or LF-) terminated line without its terminator; null at end of stream. */
  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] b = buf.toByteArray();
        int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
        return new String(b, 0, len, StandardCharsets.ISO_8859_1);
      }
      buf.write(c);
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
  }

  /** Wraps {@code in} so that reading it yields exactly this response's body. */
  InputStream body(InputStream in, String method) {
    if (method.equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200 && status != 101)) {
      return InputStream.nullInputStream();
    }
    if (status == 101) {
      return in;
    }
    String te = headers.get("transfer-encoding");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      return new ChunkedInputStream(in);
    }
    String cl = headers.get("content-length");
    if (cl != null) {
      return new LengthInputStream(in, Long.parseLong(cl.trim()));
    }
    return in;
  }
}
