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
    // The build runs on a platform thread: it is file work from end to end (unpacking the context,
    // hashing, layers), and on a virtual thread every one of those blocking calls pins or
    // compensates its carrier, which made unpacking a context several times slower.
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    Thread worker = Thread.ofPlatform().name("build").unstarted(() -> {
      try {
        builds.build(request, x.body(), out);
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    // a client that goes away cancels the build: the running step is killed and everything cleaned up
    worker.start();
    x.onClose(worker::interrupt);
    x.onClientGone(worker::interrupt);
    try {
      worker.join();
    } catch (InterruptedException e) {
      worker.interrupt();
      worker.join();
    }
    if (failure.get() instanceof Exception e) {
      throw e;
    } else if (failure.get() instanceof Error e) {
      throw e;
    }
    stream.close();
  }
}
