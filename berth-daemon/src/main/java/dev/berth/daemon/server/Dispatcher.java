package dev.berth.daemon.server;

import dev.berth.api.ApiVersion;
import dev.berth.api.Json;
import dev.berth.api.model.ErrorResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection's pipeline: routes each decoded request to its handler on a
 * worker thread and feeds the request body to it as it arrives.
 *
 * <p>For routes that may hijack the connection it removes the HTTP decoder as soon as the request
 * head is decoded, so that bytes the client sends right behind the headers (stdin, often in the
 * same packet) reach the handler raw instead of being parsed as a next request.
 *
 * <p>Requests are served one at a time per connection, as HTTP/1.1 requires of pipelining: a
 * request that arrives complete while an earlier one is still being answered waits in
 * {@link #pending} (and the channel stops reading) until that answer is done, so answers go out
 * in the order the requests came. Connection state is only touched on the event loop.
 */
final class Dispatcher extends ChannelInboundHandlerAdapter {
  static final String DECODER = "http-decoder";
  static final String ENCODER = "http-encoder";
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final Pattern VERSIONED = Pattern.compile("^/v([0-9]+\\.[0-9]+)(/.*)?$");

  private final Router router;
  private final ExecutorService workers;
  private RequestBody body;
  private boolean raw;
  /** A request is being handled: set when it is dispatched, cleared once its answer is done. */
  private boolean inFlight;
  /** The request being handled has more body to come (its LastHttpContent has not arrived). */
  private boolean awaitingBody;
  /** Messages of pipelined requests that came while an earlier one was being answered. */
  private final java.util.ArrayDeque<Object> pending = new java.util.ArrayDeque<>();
  /** The request being served, told when its client stops sending (see {@link Exchange#onClientGone}). */
  private volatile Exchange current;
  /** The client half-closed while a request was in flight: close once it is answered. */
  private boolean closeWhenDone;

  Dispatcher(Router router, ExecutorService workers) {
    this.router = router;
    this.workers = workers;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!raw && (inFlight && !awaitingBody || !pending.isEmpty())) {
      pending.add(msg);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    dispatch(ctx, msg);
  }

  private void dispatch(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      onRequest(ctx, request);
      if (msg instanceof HttpContent content) {
        onContent(content);
      }
    } else if (msg instanceof HttpContent content) {
      onContent(content);
    } else if (msg instanceof ByteBuf buf) {
      if (body != null) {
        body.offer(buf);
      } else {
        buf.release();
      }
    } else {
      io.netty.util.ReferenceCountUtil.release(msg);
    }
  }

  private void onContent(HttpContent content) {
    if (body == null) {
      content.release();
      return;
    }
    if (raw) {
      // body bytes the decoder parsed before it was removed: they belong to the raw stream, in order
      if (content.content().isReadable()) {
        body.offer(content.content().retain());
      }
      content.release();
      return;
    }
    body.offer(content.content().retain());
    content.release();
    if (content instanceof LastHttpContent) {
      awaitingBody = false;
      body.end();
    }
  }

  /** Event loop: the request in flight has been answered; serve what was pipelined behind it. */
  private void finished(ChannelHandlerContext ctx) {
    inFlight = false;
    awaitingBody = false;
    current = null;
    if (raw) {
      return;
    }
    ConnectionTimeouts t = timeouts(ctx);
    if (t != null) {
      t.requestDone();
    }
    drain(ctx);
  }

  private void drain(ChannelHandlerContext ctx) {
    while (!pending.isEmpty() && !(inFlight && !awaitingBody) && !raw) {
      dispatch(ctx, pending.poll());
    }
    if (!pending.isEmpty()) {
      return;
    }
    if (closeWhenDone && !inFlight) {
      ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    // a body still to come needs reading again; RequestBody pauses it if its worker falls behind
    if (!ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
      ctx.read();
    }
  }

  private static ConnectionTimeouts timeouts(ChannelHandlerContext ctx) {
    return ctx.pipeline().get(ConnectionTimeouts.class);
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
    body = null;
    ConnectionTimeouts t = timeouts(ctx);
    if (request.decoderResult().isFailure()) {
      // Netty's limits (4 KiB request line, 8 KiB of headers) end up here too
      Throwable cause = request.decoderResult().cause();
      boolean tooLong = cause instanceof io.netty.handler.codec.TooLongFrameException;
      reject(ctx, tooLong ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.BAD_REQUEST,
          tooLong ? "request line or headers too long" : "malformed HTTP request", false);
      return;
    }
    if (t != null) {
      t.requestStarted();
    }
    String path = new QueryStringDecoder(request.uri()).path();
    ApiVersion version = ApiVersion.CURRENT;
    Matcher m = VERSIONED.matcher(path);
    if (m.matches()) {
      try {
        version = ApiVersion.parse(m.group(1));
      } catch (IllegalArgumentException tooLarge) {
        // digits beyond an int: a version far past ours
        reject(ctx, HttpResponseStatus.BAD_REQUEST, "client version " + m.group(1)
            + " is too new. Maximum supported API version is " + ApiVersion.CURRENT, HttpUtil.isKeepAlive(request));
        body = null;
        return;
      }
      path = m.group(2) == null ? "/" : m.group(2);
      if (version.compareTo(ApiVersion.MINIMUM) < 0) {
        reject(ctx, HttpResponseStatus.BAD_REQUEST, "client version " + version
            + " is too old. Minimum supported API version is " + ApiVersion.MINIMUM
            + ", please upgrade your client to a newer version", HttpUtil.isKeepAlive(request));
        body = null;
        return;
      }
      if (version.compareTo(ApiVersion.CURRENT) > 0) {
        reject(ctx, HttpResponseStatus.BAD_REQUEST, "client version " + version
            + " is too new. Maximum supported API version is " + ApiVersion.CURRENT, HttpUtil.isKeepAlive(request));
        body = null;
        return;
      }
    }
    Router.Match match = router.match(request.method(), path, null);
    if (match == null) {
      LOG.debug("{} {} -> 404 page not found", request.method(), request.uri());
      reject(ctx, HttpResponseStatus.NOT_FOUND, "page not found", HttpUtil.isKeepAlive(request));
      body = null;
      return;
    }
    RequestBody requestBody = new RequestBody(ctx.channel());
    body = requestBody;
    raw = match.kind() == Router.Kind.HIJACK;
    if (raw) {
      // Everything after the head is the client's raw stream.
      ctx.pipeline().remove(DECODER);
    }
    Runnable onHijack = () -> ctx.channel().eventLoop().execute(() -> {
      if (ctx.pipeline().get(ENCODER) != null) {
        ctx.pipeline().remove(ENCODER);
      }
    });
    Exchange exchange = new Exchange(ctx.channel(), request, version, path, match.params(), requestBody, onHijack);
    if (raw) {
      exchange.forceClose();
    }
    String what = request.method() + " " + request.uri();
    LOG.debug("{}", what);
    inFlight = true;
    awaitingBody = !(request instanceof LastHttpContent);
    current = exchange;
    workers.execute(() -> {
      try {
        run(match.handler(), exchange, what);
      } finally {
        // after the answer's writes, which the worker queued on the event loop before this
        ctx.channel().eventLoop().execute(() -> finished(ctx));
      }
    });
  }

  private static void run(Router.Handler handler, Exchange exchange, String what) {
    try {
      handler.handle(exchange);
      if (!exchange.responded()) {
        exchange.status(HttpResponseStatus.NO_CONTENT);
      } else {
        // a handler that returned without closing its stream has nothing more to say
        exchange.finishStream();
      }
    } catch (ApiException e) {
      answerError(exchange, e.status(), e.getMessage(), what);
    } catch (Json.MalformedJsonException e) {
      answerError(exchange, HttpResponseStatus.BAD_REQUEST, "invalid JSON: " + e.getMessage(), what);
    } catch (IllegalArgumentException e) {
      answerError(exchange, HttpResponseStatus.BAD_REQUEST, e.getMessage(), what);
    } catch (Exception | Error e) {
      if (!exchange.connected() && e instanceof IOException) {
        // the client went away while its answer was being written: nothing failed on our side
        LOG.debug("{}: the client disconnected ({})", what, e.getMessage());
        return;
      }
      LOG.error("{} failed", what, e);
      answerError(exchange, HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(e.getMessage()), what);
    } finally {
      try {
        exchange.body().close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }

  private static void answerError(Exchange exchange, HttpResponseStatus status, String message, String what) {
    LOG.debug("{} -> {} {}", what, status.code(), message);
    if (exchange.responded()) {
      // The status line is gone: the only honest signal left is to cut the connection, without the
      // end of a chunked body, so the client sees an error instead of waiting for more.
      LOG.warn("{} failed after its answer began: {}", what, message);
      exchange.abort();
      return;
    }
    if (status.code() == 304) {
      exchange.status(status);
    } else {
      exchange.json(status, new ErrorResponse(message));
    }
  }

  private static void reject(ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean keepAlive) {
    ConnectionTimeouts t = timeouts(ctx);
    if (t != null) {
      t.requestDone();
    }
    byte[] bytes = Json.toBytes(new ErrorResponse(message));
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    ApiHeaders.apply(r.headers());
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    HttpUtil.setContentLength(r, bytes.length);
    HttpUtil.setKeepAlive(r, keepAlive);
    var f = ctx.writeAndFlush(r);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      if (body != null) {
        body.end();
      }
      // A client that has finished sending and awaits no answer is gone: without this, every
      // half-closed keep-alive connection would stay open forever. Hijacked streams end when
      // their session does.
      if (!raw) {
        boolean idle = !inFlight && pending.isEmpty();
        closeWhenDone = !idle;
        if (idle) {
          ctx.close();
        } else if (current != null && pending.isEmpty()) {
          current.clientGone();
        }
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pending.forEach(io.netty.util.ReferenceCountUtil::release);
    pending.clear();
    if (body != null) {
      body.fail(new IOException("client disconnected"));
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection error: {}", cause.toString());
    ctx.close();
  }
}
