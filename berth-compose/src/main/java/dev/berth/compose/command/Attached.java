package dev.berth.compose.command;

import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.json.Json;
import dev.berth.compose.engine.Engine;
import dev.berth.compose.engine.LogPrinter;
import dev.berth.compose.engine.Progress;
import dev.berth.compose.engine.ProjectContainers;
import dev.berth.compose.model.Project;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The attached half of {@code up}: every service container's output interleaved with prefixes
 * until all of them exit; with {@code --abort-on-container-exit} or {@code --exit-code-from} the
 * first exit stops the others (and the exit code is the chosen service's). Ctrl-C stops the
 * project's containers before compose exits, as compose v2 does.
 */
final class Attached {
  private final ComposeContext ctx;
  private final Project project;
  private final List<String> services;
  private final String exitFrom;
  private final boolean abortOnExit;
  private final boolean colour;
  private final boolean prefix;

  Attached(ComposeContext ctx, Project project, List<String> services, String exitFrom, boolean abortOnExit, boolean colour,
      boolean prefix) {
    this.ctx = ctx;
    this.project = project;
    this.services = services;
    this.exitFrom = exitFrom;
    this.abortOnExit = abortOnExit;
    this.colour = colour;
    this.prefix = prefix;
  }

  /** Unix seconds (fractional) from which logs are shown: the moment up began, so earlier runs' output stays out. */
  private double since;

  Attached since(long epochMillis) {
    this.since = epochMillis / 1000.0 - 1;
    return this;
  }

  int run() throws IOException, InterruptedException {
    Engine engine = ctx.engine();
    List<Map<String, Object>> all = ProjectContainers.of(engine, project.name(), true);
    List<Map<String, Object>> mine = new ArrayList<>();
    for (Map<String, Object> c : all) {
      if (services.contains(ProjectContainers.service(c))) {
        mine.add(c);
      }
    }
    LogPrinter logs = new LogPrinter(engine, ctx.out(), colour, prefix);
    List<String> names = new ArrayList<>();
    for (Map<String, Object> c : mine) {
      names.add(LogPrinter.displayName(c, project.name()));
    }
    logs.widen(names);
    ctx.out().println("Attaching to " + String.join(", ", names));
    ctx.out().flush();
    AtomicBoolean finished = new AtomicBoolean();
    AtomicBoolean stopping = new AtomicBoolean();
    Thread hook = new Thread(() -> {
      if (!finished.get() && stopping.compareAndSet(false, true)) {
        ctx.err().println("Gracefully stopping... (press Ctrl+C again to force)");
        stopAll(engine, all);
      }
    });
    Runtime.getRuntime().addShutdownHook(hook);
    for (int i = 0; i < mine.size(); i++) {
      Map<String, Object> c = mine.get(i);
      boolean tty = Boolean.TRUE.equals(project.service(ProjectContainers.service(c)).spec().get("tty"));
      logs.follow(ProjectContainers.id(c), names.get(i), tty, "&follow=1&tail=all"
          + (since > 0 ? "&since=" + String.format(java.util.Locale.ROOT, "%.3f", since) : ""));
    }
    CountDownLatch exited = new CountDownLatch(mine.size());
    CountDownLatch first = new CountDownLatch(1);
    AtomicInteger code = new AtomicInteger();
    AtomicBoolean chosen = new AtomicBoolean();
    for (int i = 0; i < mine.size(); i++) {
      Map<String, Object> c = mine.get(i);
      String name = names.get(i);
      Thread.ofVirtual().start(() -> {
        long status = waitExit(engine, ProjectContainers.id(c));
        logs.notice(name + " exited with code " + status);
        String svc = ProjectContainers.service(c);
        if (exitFrom != null ? svc.equals(exitFrom) && chosen.compareAndSet(false, true)
            : chosen.compareAndSet(false, true)) {
          code.set((int) status);
        }
        if (exitFrom == null || svc.equals(exitFrom)) {
          first.countDown();
        }
        exited.countDown();
      });
    }
    if (abortOnExit) {
      first.await();
      if (stopping.compareAndSet(false, true)) {
        ctx.err().println("Aborting on container exit...");
        stopAll(engine, all);
      }
      exited.await();
      logs.join();
      finished.set(true);
      return code.get();
    }
    exited.await();
    logs.join();
    finished.set(true);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Ctrl-C arrived as the containers ended
    }
    return 0;
  }

  private void stopAll(Engine engine, List<Map<String, Object>> containers) {
    Progress progress = ctx.progress(null);
    progress.title("Stopping");
    List<Thread> threads = new ArrayList<>();
    for (Map<String, Object> c : containers) {
      threads.add(Thread.ofVirtual().start(() -> {
        String n = ProjectContainers.name(c);
        try {
          progress.working("Container", n, "Stopping");
          engine.stop(ProjectContainers.id(c), null);
          progress.done("Container", n, "Stopped");
        } catch (IOException | RuntimeException e) {
          progress.failed("Container", n, "Error");
        }
      }));
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long waitExit(Engine engine, String id) {
    try (HttpResponse r = engine.client().open("POST", Query.path("/containers/" + Query.segment(id) + "/wait")
        .param("condition", "not-running").build())) {
      if (Json.parse(r.bytes()) instanceof Map<?, ?> m && m.get("StatusCode") instanceof Number n) {
        return n.longValue();
      }
    } catch (IOException | RuntimeException e) {
      // gone: treat as exited
    }
    return -1;
  }
}
