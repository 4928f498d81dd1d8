package dev.berth.daemon.build;

import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /build} (the classic builder's API, as the docker CLI uses it with DOCKER_BUILDKIT=0) and {@code POST /build/prune}. */
public final class BuildRoutes {
  private final BuildService builds;

  public BuildRoutes(BuildService builds) {
    this.builds = builds;
  }

  public void register(Router r) {
    r.post("/build", this::build);
    r.post("/build/prune", x -> {
      BuildService.Pruned p = builds.prune(x.flag("all", false) || x.filters().has("all"));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("CachesDeleted", p.ids());
      out.put("SpaceReclaimed", p.bytes());
      x.json(out);
    });
  }

  private void build(Exchange x) throws Exception {
    BuildRequest request = BuildRequest.of(x);
    OutputStream stream = x.stream("application/json");
    BuildOutput out = new BuildOutput(stream, request.quiet());
    // a client that goes away cancels the build: the running step is killed and everything cleaned up
    Thread worker = Thread.currentThread();
    java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
    x.onClose(() -> {
      synchronized (finished) {
        if (!finished.get()) {
          worker.interrupt();
        }
      }
    });
    try {
      builds.build(request, x.body(), out);
    } finally {
      synchronized (finished) {
        finished.set(true);
        Thread.interrupted(); // a cancel that raced the end must not reach the next request on this thread
      }
    }
    stream.close();
  }
}
