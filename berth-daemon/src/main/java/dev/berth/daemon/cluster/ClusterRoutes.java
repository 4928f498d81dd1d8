package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The swarm API's routes (API 1.51's {@code /swarm}, {@code /nodes}, {@code /services},
 * {@code /tasks}, {@code /secrets} and {@code /configs}, every method and sub-path the swagger
 * has), as thin adapters onto a {@link Cluster}. The one place where a {@link ClusterException}
 * becomes Docker's status code.
 */
public final class ClusterRoutes {
  private final Cluster cluster;

  public ClusterRoutes(Cluster cluster) {
    this.cluster = cluster;
  }

  public void register(Router r) {
    Cluster.Swarm swarm = cluster.swarm();
    r.get("/swarm", x -> run(x, () -> x.json(swarm.inspect())));
    r.post("/swarm/init", x -> run(x, () -> x.json(swarm.init(body(x)))));
    r.post("/swarm/join", x -> run(x, () -> swarm.join(body(x))));
    r.post("/swarm/leave", x -> run(x, () -> swarm.leave(x.flag("force", false))));
    r.post("/swarm/update", x -> run(x, () -> swarm.update(version(x), body(x), x.flag("rotateWorkerToken", false),
        x.flag("rotateManagerToken", false), x.flag("rotateManagerUnlockKey", false))));
    r.get("/swarm/unlockkey", x -> run(x, () -> x.json(swarm.unlockKey())));
    r.post("/swarm/unlock", x -> run(x, () -> swarm.unlock(body(x))));

    Cluster.Catalog nodes = cluster.nodes();
    r.get("/nodes", x -> run(x, () -> x.json(nodes.list(x.filters()))));
    r.get("/nodes/{id}", x -> run(x, () -> x.json(nodes.inspect(x.path("id")))));
    r.delete("/nodes/{id}", x -> run(x, () -> nodes.remove(x.path("id"), x.flag("force", false))));
    r.post("/nodes/{id}/update", x -> run(x, () -> nodes.update(x.path("id"), version(x), body(x))));

    Cluster.Services services = cluster.services();
    r.get("/services", x -> run(x, () -> x.json(services.list(x.filters(), x.flag("status", false)))));
    r.post("/services/create", x -> run(x, () -> x.json(HttpResponseStatus.CREATED,
        services.create(body(x), x.headers().get("X-Registry-Auth")))));
    r.get("/services/{id}", x -> run(x, () -> x.json(services.inspect(x.path("id"), x.flag("insertDefaults", false)))));
    r.delete("/services/{id}", x -> run(x, () -> services.remove(x.path("id"))));
    r.post("/services/{id}/update", x -> run(x, () -> x.json(services.update(x.path("id"), version(x), body(x),
        x.query("rollback"), x.headers().get("X-Registry-Auth")))));
    r.get("/services/{id}/logs", x -> run(x, () -> services.logs(x.path("id"), logQuery(x), new LazyStream(x))));

    Cluster.Tasks tasks = cluster.tasks();
    r.get("/tasks", x -> run(x, () -> x.json(tasks.list(x.filters()))));
    r.get("/tasks/{id}", x -> run(x, () -> x.json(tasks.inspect(x.path("id")))));
    r.get("/tasks/{id}/logs", x -> run(x, () -> tasks.logs(x.path("id"), logQuery(x), new LazyStream(x))));

    stored(r, "/secrets", cluster.secrets());
    stored(r, "/configs", cluster.configs());
  }

  private void stored(Router r, String base, Cluster.Stored objects) {
    r.get(base, x -> run(x, () -> x.json(objects.list(x.filters()))));
    r.post(base + "/create", x -> run(x, () -> x.json(HttpResponseStatus.CREATED, objects.create(body(x)))));
    r.get(base + "/{id}", x -> run(x, () -> x.json(objects.inspect(x.path("id")))));
    r.delete(base + "/{id}", x -> run(x, () -> objects.remove(x.path("id"), false)));
    r.post(base + "/{id}/update", x -> run(x, () -> objects.update(x.path("id"), version(x), body(x))));
  }

  /** A route's work; a checked exception passes through, a refusal becomes its status code. */
  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  private static void run(Exchange x, Work work) throws Exception {
    try {
      work.run();
    } catch (ClusterException e) {
      throw new ApiException(status(e.reason()), e.getMessage());
    }
  }

  static HttpResponseStatus status(ClusterException.Reason reason) {
    return switch (reason) {
      case NOT_IN_SWARM, NOT_A_MANAGER, UNAVAILABLE, ALREADY_IN_SWARM -> HttpResponseStatus.SERVICE_UNAVAILABLE;
      case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
      case NAME_CONFLICT -> HttpResponseStatus.CONFLICT;
      case OUT_OF_SEQUENCE -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
      case INVALID -> HttpResponseStatus.BAD_REQUEST;
    };
  }

  private static JsonNode body(Exchange x) throws IOException {
    return x.jsonBody(JsonNode.class);
  }

  /** The object version an update names ({@code ?version=}), which must be a number. */
  private static long version(Exchange x) {
    String v = x.query("version");
    if (v == null || v.isEmpty()) {
      throw ApiException.badRequest("invalid swarm version: the version parameter is required");
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid swarm version '" + v + "': not a number");
    }
  }

  private static LogQuery logQuery(Exchange x) {
    return new LogQuery(x.flag("follow", false), x.flag("stdout", false), x.flag("stderr", false),
        x.query("since", "0"), x.flag("timestamps", false), x.query("tail", "all"), x.flag("details", false));
  }

  /**
   * The logs stream, opened at the first byte: a refusal before any output still gets its status
   * code and message instead of a 200 and an empty stream.
   */
  private static final class LazyStream extends OutputStream {
    private final Exchange exchange;
    private OutputStream out;

    LazyStream(Exchange exchange) {
      this.exchange = exchange;
    }

    private OutputStream out() {
      if (out == null) {
        out = exchange.stream("application/vnd.docker.multiplexed-stream");
      }
      return out;
    }

    @Override
    public void write(int b) throws IOException {
      out().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      out().flush();
    }

    @Override
    public void close() throws IOException {
      out().close();
    }
  }
}
