package dev.berth.daemon.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that hold a slot without using it: one that sends nothing between requests
 * for the idle timeout, and one that starts a request but has not finished its head within the
 * header timeout (a slowloris client, which would otherwise keep a connection and the decoder's
 * buffer forever). The first handler of the pipeline, so it sees bytes before the HTTP decoder.
 *
 * <p>While a request is being served there is no clock: uploads, streams (events, logs, wait)
 * and hijacked attach or exec sessions are legitimately quiet for as long as they like. The
 * {@link Dispatcher} says when a request head has been decoded and when its answer is done.
 * All state is touched on the channel's event loop only.
 */
final class ConnectionTimeouts extends ChannelInboundHandlerAdapter {
  static final String NAME = "timeouts";
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionTimeouts.class);

  private enum Phase { IDLE, HEAD, BUSY }

  private final long idleMillis;
  private final long headMillis;
  private Phase phase = Phase.IDLE;
  private ScheduledFuture<?> timer;
  private ChannelHandlerContext ctx;

  ConnectionTimeouts(Duration idle, Duration head) {
    this.idleMillis = idle.toMillis();
    this.headMillis = head.toMillis();
  }

  /** From the daemon's environment: BERTH_IDLE_TIMEOUT and BERTH_HEADER_TIMEOUT in seconds. */
  static ConnectionTimeouts fromEnvironment() {
    return new ConnectionTimeouts(Duration.ofSeconds(seconds("BERTH_IDLE_TIMEOUT", 300)),
        Duration.ofSeconds(seconds("BERTH_HEADER_TIMEOUT", 30)));
  }

  private static long seconds(String name, long fallback) {
    String v = System.getenv(name);
    try {
      return v == null || v.isBlank() ? fallback : Math.max(1, Long.parseLong(v.strip()));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (ctx.channel().isActive()) {
      arm(Phase.IDLE);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    arm(Phase.IDLE);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (phase == Phase.IDLE && msg instanceof ByteBuf buf && buf.isReadable()) {
      arm(Phase.HEAD);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  /** Event loop: a request head was decoded; no clock until it is answered. */
  void requestStarted() {
    cancel();
    phase = Phase.BUSY;
  }

  /** Event loop: the request was answered; the connection is idle until the next one begins. */
  void requestDone() {
    if (phase == Phase.BUSY) {
      arm(Phase.IDLE);
    }
  }

  private void arm(Phase next) {
    cancel();
    phase = next;
    long delay = next == Phase.HEAD ? headMillis : idleMillis;
    timer = ctx.executor().schedule(() -> expire(next), delay, TimeUnit.MILLISECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expire(Phase armedFor) {
    if (phase != armedFor || !ctx.channel().isActive()) {
      return;
    }
    if (armedFor == Phase.HEAD) {
      LOG.debug("closing a connection whose request head did not arrive within {} ms", headMillis);
      // the one thing a slow client can still be told: Go's and Netty's servers answer the same
      String body = "{\"message\":\"request headers not received within " + headMillis / 1000 + "s\"}";
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: " + b.length
          + "\r\nConnection: close\r\n\r\n";
      ByteBuf out = Unpooled.buffer(head.length() + b.length);
      out.writeCharSequence(head, StandardCharsets.US_ASCII);
      out.writeBytes(b);
      // written below the HTTP encoder: no response object is in flight on this connection
      ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    } else {
      LOG.debug("closing a connection idle for {} ms", idleMillis);
      ctx.close();
    }
  }
}
