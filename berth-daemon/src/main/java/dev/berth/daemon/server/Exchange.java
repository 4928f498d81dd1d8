package dev.berth.daemon.server;

import dev.berth.api.ApiVersion;
import dev.berth.api.Filters;
import dev.berth.api.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * One request and its answer, as a route handler sees it: parameters, a streaming body, and the
 * ways to answer (a JSON document, an empty status, a chunked stream, or a hijacked raw pipe).
 *
 * <p>Handlers run on worker threads; every write goes through the channel, which hands it to the
 * event loop, and streaming writes wait while the channel is not writable so a slow client slows
 * the producer instead of filling memory.
 */
public final class Exchange {
  private final Channel channel;
  private final HttpRequest request;
  private final ApiVersion version;
  private final Map<String, String> pathParams;
  private final Map<String, List<String>> query;
  private final RequestBody body;
  private volatile boolean keepAlive;
  private final Runnable onHijack;
  private volatile boolean responded;
  private volatile ChunkedOut chunked;

  Exchange(Channel channel, HttpRequest request, ApiVersion version, String path,
      Map<String, String> pathParams, RequestBody body, Runnable onHijack) {
    this.channel = channel;
    this.request = request;
    this.version = version;
    this.pathParams = pathParams;
    this.query = new QueryStringDecoder(request.uri()).parameters();
    this.body = body;
    this.keepAlive = HttpUtil.isKeepAlive(request);
    this.onHijack = onHijack;
  }

  public HttpMethod method() {
    return request.method();
  }

  public HttpHeaders headers() {
    return request.headers();
  }

  public ApiVersion version() {
    return version;
  }

  public String path(String name) {
    return pathParams.get(name);
  }

  /** A query parameter's last value, or null. */
  public String query(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }

  public List<String> queryAll(String name) {
    return query.getOrDefault(name, List.of());
  }

  public String query(String name, String fallback) {
    String v = query(name);
    return v == null ? fallback : v;
  }

  /** Docker's boolean parsing: 1, true, True, yes are true; absent is {@code fallback}. */
  public boolean flag(String name, boolean fallback) {
    String v = query(name);
    if (v == null) {
      return fallback;
    }
    return switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "1", "true", "yes", "y", "on" -> true;
      case "", "0", "false", "no", "n", "off" -> false;
      default -> throw ApiException.badRequest("invalid boolean value for " + name + ": " + v);
    };
  }

  public int intQuery(String name, int fallback) {
    String v = query(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid value for " + name + ": " + v);
    }
  }

  /** The {@code filters} parameter (and docker-java's legacy {@code filter}), in either JSON shape. */
  public Filters filters() {
    try {
      return Filters.parse(query("filters"));
    } catch (IllegalArgumentException | Json.MalformedJsonException e) {
      throw ApiException.badRequest("invalid filters: " + e.getMessage());
    }
  }

  /** The body, read as it arrives. */
  public InputStream body() {
    return body;
  }

  /**
   * The largest JSON body a route reads whole: far above any real create or update request, small
   * enough that a client cannot make the daemon hold gigabytes by sending an endless document.
   */
  public static final int MAX_JSON_BODY = 16 << 20;

  /**
   * The whole body, for a JSON document: refused with 413 (and the connection closed, since the
   * rest of the body is not read) when it is over {@link #MAX_JSON_BODY}, by its Content-Length
   * before reading or by counting when it is chunked.
   */
  public byte[] jsonBytes() throws IOException {
    long declared = HttpUtil.getContentLength(request, -1L);
    if (declared > MAX_JSON_BODY) {
      throw tooLarge();
    }
    byte[] bytes = body.readNBytes(MAX_JSON_BODY + 1);
    if (bytes.length > MAX_JSON_BODY) {
      throw tooLarge();
    }
    return bytes;
  }

  private ApiException tooLarge() {
    forceClose();
    return new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body over 16 MiB");
  }

  /** The whole body parsed as JSON into {@code type}; an empty body gives null. */
  public <T> T jsonBody(Class<T> type) throws IOException {
    byte[] bytes = jsonBytes();
    if (bytes.length == 0) {
      return null;
    }
    try {
      return Json.read(bytes, type);
    } catch (Json.MalformedJsonException e) {
      throw ApiException.badRequest("invalid JSON: " + e.getMessage());
    }
  }

  public boolean responded() {
    return responded;
  }

  /** Answers with a JSON document. */
  public void json(HttpResponseStatus status, Object value) {
    send(status, Json.toBytes(value), "application/json");
  }

  public void json(Object value) {
    json(HttpResponseStatus.OK, value);
  }

  /** Answers with a body-less status (204, 304, 201 without content). */
  public void status(HttpResponseStatus status) {
    send(status, new byte[0], null);
  }

  /** Answers with the given bytes. */
  public void send(HttpResponseStatus status, byte[] content, String contentType) {
    send(status, content, contentType, null);
  }

  /** Answers with the given bytes and extra headers. */
  public void send(HttpResponseStatus status, byte[] content, String contentType, HttpHeaders extra) {
    // a HEAD answer, errors included, carries the length but never the bytes
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        method().equals(io.netty.handler.codec.http.HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER
            : Unpooled.wrappedBuffer(content));
    ApiHeaders.apply(r.headers());
    if (extra != null) {
      r.headers().add(extra);
    }
    if (contentType != null) {
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    HttpUtil.setContentLength(r, content.length);
    finish(r);
  }

  /** For HEAD: headers with a Content-Length but no body. */
  public void head(HttpResponseStatus status, HttpHeaders extra, long contentLength) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    ApiHeaders.apply(r.headers());
    r.headers().add(extra);
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
    finish(r);
  }

  private void finish(FullHttpResponse r) {
    markResponded();
    if (keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      channel.writeAndFlush(r);
    } else {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      channel.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void markResponded() {
    if (responded) {
      throw new IllegalStateException("response already sent");
    }
    responded = true;
  }

  /**
   * Starts a chunked answer whose headers go out at once (clients of /wait, /events and
   * logs?follow depend on that); the stream flushes every write.
   */
  public OutputStream stream(HttpResponseStatus status, String contentType, HttpHeaders extra) {
    markResponded();
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
    ApiHeaders.apply(r.headers());
    if (extra != null) {
      r.headers().add(extra);
    }
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    HttpUtil.setTransferEncodingChunked(r, true);
    channel.writeAndFlush(r);
    ChunkedOut out = new ChunkedOut();
    chunked = out;
    return out;
  }

  public OutputStream stream(String contentType) {
    return stream(HttpResponseStatus.OK, contentType, null);
  }

  /**
   * Takes the connection over for a raw two-way stream. With {@code Upgrade: tcp} from the client
   * the answer is {@code 101 UPGRADED}; without it, {@code 200 OK} with no length, ended by close.
   * Returns the pipe; the request body stream then carries what the client sends.
   */
  public RawPipe hijack(String contentType) {
    markResponded();
    boolean upgrade = request.headers().contains(HttpHeaderNames.UPGRADE);
    HttpResponse r = upgrade
        ? new DefaultHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(101, "UPGRADED"))
        : new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    ApiHeaders.apply(r.headers());
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    if (upgrade) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
      r.headers().set(HttpHeaderNames.UPGRADE, "tcp");
    }
    await(channel.writeAndFlush(r));
    onHijack.run();
    return new RawPipe();
  }

  private void writeRaw(ByteBuf buf) throws IOException {
    if (!channel.isActive()) {
      buf.release();
      throw new IOException("client disconnected");
    }
    ChannelFuture f = channel.writeAndFlush(buf);
    if (!channel.isWritable()) {
      await(f);
    }
  }

  private static void await(ChannelFuture f) {
    f.awaitUninterruptibly();
  }

  /**
   * Ends a chunked answer the handler started but did not close, so that the client sees its end
   * instead of waiting for more. Does nothing for other answers.
   */
  void finishStream() {
    ChunkedOut out = chunked;
    if (out != null) {
      out.close();
    }
  }

  /**
   * Abandons an answer that has begun but cannot be completed (a handler failed half-way through a
   * stream): what was written goes out, then the connection closes without the end of the chunked
   * body, so the client sees a truncated response and an error instead of waiting forever.
   */
  public void abort() {
    ChunkedOut out = chunked;
    if (out != null) {
      out.abandon();
    }
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    } else {
      channel.close();
    }
  }

  /**
   * Answers end the connection: for routes that may hijack it the HTTP decoder is gone, so a
   * plain answer (an error instead of the hijack) must not leave it open for another request.
   */
  void forceClose() {
    keepAlive = false;
  }

  /** Whether the client is still connected: long-running streams stop when it goes. */
  public boolean connected() {
    return channel.isActive();
  }

  /** Registers an action for when the client disconnects. */
  public void onClose(Runnable action) {
    channel.closeFuture().addListener(f -> action.run());
  }

  private final java.util.List<Runnable> goneActions = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean gone;

  /**
   * Registers an action for when the client has stopped sending while the answer is still being
   * made. A client that exits closes its end, which with half-closure allowed arrives only as the
   * end of its input; Go's server (and so Docker) cancels the request then. Long work that should
   * stop with its client (a build) listens here as well as on {@link #onClose}.
   */
  public void onClientGone(Runnable action) {
    goneActions.add(action);
    if (gone) {
      action.run();
    }
  }

  void clientGone() {
    gone = true;
    goneActions.forEach(Runnable::run);
  }

  private final class ChunkedOut extends OutputStream {
    private volatile boolean closed;

    /** After an abort: the stream must not end cleanly, so a later close writes nothing. */
    void abandon() {
      closed = true;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("stream closed");
      }
      if (len == 0) {
        return;
      }
      writeRaw0(new DefaultHttpContent(Unpooled.copiedBuffer(b, off, len)));
    }

    private void writeRaw0(Object msg) throws IOException {
      if (!channel.isActive()) {
        io.netty.util.ReferenceCountUtil.release(msg);
        throw new IOException("client disconnected");
      }
      ChannelFuture f = channel.writeAndFlush(msg);
      if (!channel.isWritable()) {
        await(f);
      }
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      ChannelFuture f = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      if (!keepAlive) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  /** The two halves of a hijacked connection. */
  public final class RawPipe implements AutoCloseable {
    private final OutputStream out = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (len > 0) {
          writeRaw(Unpooled.copiedBuffer(b, off, len));
        }
      }
    };

    /** What the client sends; ends when it half-closes or disconnects. */
    public InputStream in() {
      return body;
    }

    /** To the client; every write is flushed. */
    public OutputStream out() {
      return out;
    }

    /** Closes the connection once what was written has gone out. */
    @Override
    public void close() {
      if (channel.isActive()) {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
