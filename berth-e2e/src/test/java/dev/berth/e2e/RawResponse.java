package dev.berth.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange on the daemon's socket, kept as it came off the wire: status, headers and,
 * for a chunked answer, every chunk on its own. Clients such as docker-py and docker-compose 1.29
 * decode a streamed answer chunk by chunk, so the tests look at the chunks, not only the body.
 */
record RawResponse(int status, Map<String, String> headers, List<byte[]> chunks, byte[] body) {
  static RawResponse send(Path socket, String method, String path, String contentType, byte[] payload)
      throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n");
      if (payload != null) {
        head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(payload.length)
            .append("\r\n");
      }
      head.append("\r\n");
      ch.write(ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.US_ASCII)));
      if (payload != null) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(65536);
      while (ch.read(buf) >= 0) {
        all.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      return parse(all.toByteArray());
    }
  }

  static RawResponse parse(byte[] raw) {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
    if (end < 0) {
      throw new IllegalStateException("no complete header: " + new String(raw, StandardCharsets.UTF_8));
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.US_ASCII).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    int at = end + 4;
    List<byte[]> chunks = new ArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      while (true) {
        int lineEnd = indexOf(raw, new byte[] {'\r', '\n'}, at);
        int size = Integer.parseInt(new String(raw, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim(),
            16);
        at = lineEnd + 2;
        if (size == 0) {
          break;
        }
        byte[] chunk = java.util.Arrays.copyOfRange(raw, at, at + size);
        chunks.add(chunk);
        body.writeBytes(chunk);
        at += size + 2;
      }
    } else {
      body.write(raw, at, raw.length - at);
    }
    return new RawResponse(status, headers, chunks, body.toByteArray());
  }

  String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] data, byte[] what, int from) {
    outer:
    for (int i = from; i <= data.length - what.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (data[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
