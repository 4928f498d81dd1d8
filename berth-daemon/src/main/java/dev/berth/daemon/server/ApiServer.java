package dev.berth.daemon.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Listens on the daemon's unix sockets and serves the Engine API. One event loop thread is plenty
 * for a local socket; request handlers run on virtual threads because most of them block on disk,
 * SQLite or child processes.
 */
public final class ApiServer implements AutoCloseable {
  /**
   * Epoll where its native library loads: the NIO domain-socket channel cannot half-close (Netty
   * only honours half-closure on TCP configs there), and docker's attach half-closes when the
   * client has no more input while it still expects the container's output.
   */
  private static final boolean EPOLL = io.netty.channel.epoll.Epoll.isAvailable();
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
      EPOLL ? io.netty.channel.epoll.EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("api-", 0).factory());
  private final List<Channel> listeners = new ArrayList<>();
  private final List<Path> sockets = new ArrayList<>();
  private final Router router;
  private final SocketGroup socketGroup;

  public ApiServer(Router router) {
    this(router, new SocketGroup(0, "root"));
  }

  /** A server whose sockets belong to root and {@code group}. */
  public ApiServer(Router router, SocketGroup group) {
    this.router = router;
    this.socketGroup = group;
  }

  /** Binds a socket at {@code path} (replacing a stale one), root:group with mode 0660. */
  public void listen(Path path) throws IOException, InterruptedException {
    Files.createDirectories(path.getParent());
    Files.deleteIfExists(path);
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(EPOLL ? io.netty.channel.epoll.EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            // the NIO domain channel ignores the ALLOW_HALF_CLOSURE option but honours its config
            // setter: a client that half-closes (end of stdin on attach) must still get our output
            if (ch.config() instanceof io.netty.channel.socket.DuplexChannelConfig duplex) {
              duplex.setAllowHalfClosure(true);
            }
            ch.pipeline()
                .addLast(ConnectionTimeouts.NAME, ConnectionTimeouts.fromEnvironment())
                // Netty's limits: a 4 KiB request line, 8 KiB of headers
                .addLast(Dispatcher.DECODER, new HttpRequestDecoder())
                .addLast(Dispatcher.ENCODER, new HttpResponseEncoder())
                // curl and other clients wait up to a second for "100 Continue" before a large body
                .addLast("expect-continue", new io.netty.handler.codec.http.HttpServerExpectContinueHandler())
                .addLast("dispatcher", new Dispatcher(router, workers));
          }
        });
    if (EPOLL) {
      b.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }
    java.net.SocketAddress address = EPOLL ? new io.netty.channel.unix.DomainSocketAddress(path.toString())
        : UnixDomainSocketAddress.of(path);
    Channel ch = b.bind(address).sync().channel();
    listeners.add(ch);
    socketGroup.apply(path);
    sockets.add(path);
  }

  @Override
  public void close() {
    listeners.forEach(Channel::close);
    for (Path p : sockets) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // the next start replaces it
      }
    }
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    workers.shutdownNow();
  }
}
