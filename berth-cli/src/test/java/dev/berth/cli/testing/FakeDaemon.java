package dev.berth.cli.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** An in-process daemon on a unix socket: records each request and answers with a handler's raw bytes. */
public final class FakeDaemon implements AutoCloseable {
  /** A received request: method, target, lower-cased header text, and the decoded body. */
  public record Request(String method, String target, String head, byte[] body, SocketChannel channel) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Writes the answer; may keep using the channel (attach). */
  public interface Handler {
    void handle(Request req, OutputStream out, InputStream in) throws IOException;
  }

  private final ServerSocketChannel server;
  private final Path socket;
  public final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Thread thread;

  public FakeDaemon(Path dir, Handler handler) throws IOException {
    socket = dir.resolve("d.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    thread = new Thread(() -> {
      while (server.isOpen()) {
        try {
          SocketChannel ch = server.accept();
          Thread t = new Thread(() -> serve(ch, handler));
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    thread.setDaemon(true);
    thread.start();
  }

  public static FakeDaemon simple(Path dir, Function<Request, String> answers) throws IOException {
    return new FakeDaemon(dir, (req, out, in) -> out.write(answers.apply(req).getBytes(StandardCharsets.UTF_8)));
  }

  public static String json(int status, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n" + body;
  }

  public String uri() {
    return "unix://" + socket;
  }

  public Path socket() {
    return socket;
  }

  private void serve(SocketChannel ch, Handler handler) {
    try (ch) {
      InputStream in = Channels.newInputStream(ch);
      OutputStream out = Channels.newOutputStream(ch);
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          return;
        }
        head.append((char) c);
      }
      String[] first = head.substring(0, head.indexOf("\r\n")).split(" ");
      String lower = head.toString().toLowerCase(Locale.ROOT);
      byte[] body = new byte[0];
      int cl = lower.indexOf("content-length:");
      if (cl >= 0) {
        int n = Integer.parseInt(lower.substring(cl + 15, lower.indexOf("\r\n", cl)).trim());
        body = in.readNBytes(n);
      } else if (lower.contains("transfer-encoding: chunked")) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
          StringBuilder line = new StringBuilder();
          int c;
          while ((c = in.read()) != '\n') {
            line.append((char) c);
          }
          int size = Integer.parseInt(line.toString().trim(), 16);
          if (size == 0) {
            in.readNBytes(2);
            break;
          }
          all.write(in.readNBytes(size));
          in.readNBytes(2);
        }
        body = all.toByteArray();
      }
      Request req = new Request(first[0], first[1], lower, body, ch);
      requests.add(req);
      handler.handle(req, out, in);
      out.flush();
    } catch (IOException e) {
      // client went away
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
