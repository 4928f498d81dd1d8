package dev.berth.daemon.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One client connection to a {@link Dispatcher} in the pipeline ApiServer builds (request decoder,
 * response encoder, dispatcher), on an EmbeddedChannel. Handlers run on virtual threads and write
 * from there, so what the server sends is collected in a thread-safe queue and read with a deadline.
 */
final class TestConnection implements AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(10);

  private final LinkedBlockingQueue<ByteBuf> sent = new LinkedBlockingQueue<>();
  private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory());
  private final StringBuilder received = new StringBuilder();
  private final EmbeddedChannel channel;
  private int consumed;

  TestConnection(Router router) {
    this(router, null);
  }

  /** A connection whose pipeline starts, as ApiServer's does, with the given timeouts (or none). */
  TestConnection(Router router, ConnectionTimeouts timeouts) {
    channel = new EmbeddedChannel() {
      @Override
      protected void handleOutboundMessage(Object msg) {
        if (msg instanceof ByteBuf buf) {
          sent.add(buf);
        } else {
          io.netty.util.ReferenceCountUtil.release(msg);
        }
      }
    };
    if (timeouts != null) {
      channel.pipeline().addLast(ConnectionTimeouts.NAME, timeouts);
    }
    channel.pipeline()
        .addLast(Dispatcher.DECODER, new HttpRequestDecoder())
        .addLast(Dispatcher.ENCODER, new HttpResponseEncoder())
        .addLast("dispatcher", new Dispatcher(router, workers));
  }

  /** Sends raw request bytes, as a client writes them to the socket. */
  void send(String raw) {
    channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
  }

  /** Sends a bodyless request with the headers every client sends. */
  void request(String method, String uri) {
    send(method + " " + uri + " HTTP/1.1\r\nHost: docker\r\n\r\n");
  }

  void request(String method, String uri, String jsonBody) {
    byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
    send(method + " " + uri + " HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1));
  }

  /** The next complete response. */
  Response response() {
    return await("a complete response", text -> Response.parse(text) != null, true);
  }

  /** Waits until what was received since the last response satisfies {@code done}, and returns it unparsed. */
  String awaitRaw(String what, Predicate<String> done) {
    Deadline d = new Deadline();
    while (true) {
      drain(d);
      String text = received.substring(consumed);
      if (done.test(text)) {
        return text;
      }
      d.check(what, text);
    }
  }

  private Response await(String what, Predicate<String> done, boolean consume) {
    String text = awaitRaw(what, done);
    Response r = Response.parse(text);
    if (consume) {
      consumed += r.length();
    }
    return r;
  }

  /** Waits for the server to close the connection. */
  void awaitClosed() {
    Deadline d = new Deadline();
    while (channel.isOpen()) {
      channel.runPendingTasks();
      d.check("the connection to close", received.substring(consumed));
      sleepBriefly();
    }
    drainNow();
  }

  /** Everything received after the last whole response was consumed. */
  String rest() {
    drainNow();
    return received.substring(consumed);
  }

  /** Moves the channel's clock forward and runs what became due (timeouts). */
  void advance(Duration d) {
    channel.advanceTimeBy(d.toMillis(), TimeUnit.MILLISECONDS);
    channel.runPendingTasks();
    channel.runScheduledPendingTasks();
  }

  /**
   * Waits for the server to close the connection while its clock moves on by {@code step} at a
   * time: the worker tells the event loop that a request is done a moment after its answer.
   */
  void awaitClosedAdvancing(Duration step) {
    Deadline d = new Deadline();
    while (channel.isOpen()) {
      advance(step);
      d.check("the connection to close", received.substring(consumed));
      sleepBriefly();
    }
    drainNow();
  }

  /** Sends raw bytes. */
  void sendBytes(byte[] raw) {
    channel.writeInbound(Unpooled.wrappedBuffer(raw));
  }

  boolean isOpen() {
    return channel.isOpen();
  }

  private void drain(Deadline d) {
    channel.runPendingTasks();
    try {
      ByteBuf b = sent.poll(20, TimeUnit.MILLISECONDS);
      if (b != null) {
        append(b);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    drainNow();
  }

  private void drainNow() {
    ByteBuf b;
    while ((b = sent.poll()) != null) {
      append(b);
    }
  }

  private void append(ByteBuf b) {
    try {
      received.append(b.toString(StandardCharsets.ISO_8859_1));
    } finally {
      b.release();
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
    if (channel.isOpen()) {
      channel.close();
    }
    channel.finishAndReleaseAll();
    drainNow();
  }

  private static final class Deadline {
    private final long end = System.nanoTime() + DEADLINE.toNanos();

    void check(String what, String soFar) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what + "; received: " + soFar);
      }
    }
  }

  /** A parsed HTTP/1.1 response. Header names are lower case. */
  record Response(int status, Map<String, String> headers, String body, boolean chunked, int length) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Parses one whole response at the start of {@code text}, or null if it is not complete yet. */
    static Response parse(String text) {
      int headEnd = text.indexOf("\r\n\r\n");
      if (headEnd < 0) {
        return null;
      }
      String[] lines = text.substring(0, headEnd).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      int pos = headEnd + 4;
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        StringBuilder body = new StringBuilder();
        while (true) {
          int eol = text.indexOf("\r\n", pos);
          if (eol < 0) {
            return null;
          }
          int size = Integer.parseInt(text.substring(pos, eol).trim(), 16);
          int dataStart = eol + 2;
          if (text.length() < dataStart + size + 2) {
            return null;
          }
          body.append(text, dataStart, dataStart + size);
          pos = dataStart + size + 2;
          if (size == 0) {
            return new Response(status, headers, body.toString(), true, pos);
          }
        }
      }
      int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : 0;
      if (text.length() < pos + length) {
        return null;
      }
      return new Response(status, headers, text.substring(pos, pos + length), false, pos + length);
    }
  }
}
