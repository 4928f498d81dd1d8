package dev.berth.daemon.stats;

import dev.berth.api.Json;
import dev.berth.daemon.container.Container;
import dev.berth.daemon.container.ContainerService;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code GET /containers/{id}/stats}: with {@code stream} (the default) one frame a second until
 * the client leaves or the container is removed; with {@code stream=false} one frame whose
 * {@code precpu_stats} is a second older (so CPU % is meaningful), and with {@code one-shot=true}
 * one frame at once without them. A container that does not run gives Docker's zero frame.
 */
public final class StatsRoutes {
  /** Docker's collector samples once a second; clients' CPU % is over that interval. */
  static final long INTERVAL_MS = 1000;

  private final ContainerService containers;
  private final StatsService stats;

  public StatsRoutes(ContainerService containers, StatsService stats) {
    this.containers = containers;
    this.stats = stats;
  }

  public void register(Router r) {
    r.get("/containers/{id}/stats", this::stats);
  }

  private void stats(Exchange x) throws Exception {
    Container c = containers.require(x.path("id"));
    boolean stream = x.flag("stream", true);
    boolean oneShot = x.flag("one-shot", false);
    if (stream && oneShot) {
      throw ApiException.badRequest("cannot have stream=true and one-shot=true");
    }
    if (!stream) {
      StatsService.Sample first = stats.sample(c);
      StatsService.Sample pre = null;
      StatsService.Sample now = first;
      if (first != null && !oneShot) {
        Thread.sleep(INTERVAL_MS);
        pre = first;
        now = stats.sample(c);
      }
      x.json(stats.frame(c, pre, now));
      return;
    }
    try (OutputStream out = x.stream(HttpResponseStatus.OK, "application/json", null)) {
      StatsService.Sample pre = null;
      while (x.connected()) {
        try {
          c = containers.require(c.id);
        } catch (ApiException removed) {
          return;
        }
        StatsService.Sample now = stats.sample(c);
        byte[] json = Json.toBytes(stats.frame(c, pre, now));
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        out.write(line);
        pre = now;
        Thread.sleep(INTERVAL_MS);
      }
    } catch (IOException clientGone) {
      // the client hung up
    }
  }
}
