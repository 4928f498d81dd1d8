package dev.berth.compose.engine;

import dev.berth.cli.client.DaemonException;
import dev.berth.compose.load.ComposeException;
import dev.berth.compose.load.Dependencies;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * {@code up} without the attach: networks and volumes, images, then each service converged in
 * dependency order (independent services in parallel): containers whose config hash and image
 * still match are kept (started if stopped), changed ones recreated, missing numbers created,
 * surplus ones (the highest numbers) removed. A service starts once its dependencies meet their
 * {@code depends_on} conditions. Whatever a failure leaves behind carries the project's labels,
 * so {@code down} removes it.
 */
public final class Up {
  private final Engine engine;
  private final Project project;
  private final Progress progress;
  private final UpOptions opts;
  private final PrintStream err;
  private final Map<String, String> imageIds = new HashMap<>();

  public Up(Engine engine, Project project, Progress progress, UpOptions opts, PrintStream err) {
    this.engine = engine;
    this.project = project;
    this.progress = progress;
    this.opts = opts;
    this.err = err;
  }

  /** Converges the named services (all when empty) and what they depend on; returns the services converged. */
  public List<String> run(List<String> names) throws IOException, InterruptedException {
    List<String> wanted = names.isEmpty() ? new ArrayList<>(project.section("services").keySet()) : names;
    for (String n : wanted) {
      if (project.service(n) == null) {
        throw new ComposeException("no such service: " + n);
      }
    }
    List<String> order = opts.noDeps() ? wanted : Dependencies.order(project.model(), wanted);
    Set<String> networks = new LinkedHashSet<>();
    Set<String> volumes = new LinkedHashSet<>();
    for (String s : order) {
      Service svc = project.service(s);
      if (svc.string("network_mode") == null) {
        networks.addAll(svc.networks());
      }
      for (Object o : svc.list("volumes")) {
        Map<?, ?> v = (Map<?, ?>) o;
        if ("volume".equals(v.get("type")) && v.get("source") != null) {
          volumes.add(String.valueOf(v.get("source")));
        }
      }
    }
    images(order); // pulls and builds first, as compose does: a failed build leaves nothing made
    Resources resources = new Resources(engine, project, progress);
    resources.ensureNetworks(networks);
    resources.ensureVolumes(volumes);
    List<Map<String, Object>> existing = ProjectContainers.of(engine, project.name(), true);
    orphans(existing);
    Map<String, List<Map<String, Object>>> byService = ProjectContainers.byService(existing);
    Map<String, CompletableFuture<Void>> done = new HashMap<>();
    for (String s : order) {
      List<CompletableFuture<Void>> deps = new ArrayList<>();
      for (String d : project.service(s).dependencies()) {
        if (done.containsKey(d)) {
          deps.add(done.get(d));
        }
      }
      List<Map<String, Object>> mine = byService.getOrDefault(s, List.of());
      done.put(s, CompletableFuture.allOf(deps.toArray(new CompletableFuture[0])).thenRunAsync(() -> {
        try {
          converge(project.service(s), mine);
        } catch (IOException | InterruptedException e) {
          throw new CompletionException(e);
        }
      }, r -> Thread.ofVirtual().start(r)));
    }
    try {
      CompletableFuture.allOf(done.values().toArray(new CompletableFuture[0])).get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause() instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(c);
    }
    if (opts.waitHealthy() && opts.start()) {
      new Waiter(engine, progress).waitForProject(project, order, opts.waitTimeoutSeconds());
    }
    return order;
  }

  private void images(List<String> order) throws IOException {
    Images images = new Images(engine, progress);
    Builder builder = new Builder(engine, project, progress, err);
    Map<String, String> byRef = new HashMap<>();
    for (String s : order) {
      Service svc = project.service(s);
      String policy = opts.pull() != null ? opts.pull() : svc.string("pull_policy");
      boolean hasBuild = !svc.map("build").isEmpty();
      if (hasBuild && (opts.build() || "build".equals(policy) || engine.inspectImage(svc.image()) == null)) {
        imageIds.put(s, builder.build(svc));
        continue;
      }
      // services sharing an image (five busybox services) cost one inspect, not five
      String id = byRef.get(svc.image());
      if (id == null) {
        id = images.ensure(s, svc.image(), "always".equals(policy));
        byRef.put(svc.image(), id);
      }
      imageIds.put(s, id);
    }
  }

  private void orphans(List<Map<String, Object>> existing) throws IOException {
    List<String> orphans = new ArrayList<>();
    List<Map<String, Object>> orphanContainers = new ArrayList<>();
    Set<String> known = project.section("services").keySet();
    for (Map<String, Object> c : existing) {
      if (!known.contains(ProjectContainers.service(c))) {
        orphans.add(ProjectContainers.name(c));
        orphanContainers.add(c);
      }
    }
    if (orphans.isEmpty()) {
      return;
    }
    if (!opts.removeOrphans()) {
      err.println("WARN[0000] Found orphan containers (" + orphans + ") for this project. If you removed or renamed this "
          + "service in your compose file, you can run this command with the --remove-orphans flag to clean it up.");
      return;
    }
    for (Map<String, Object> c : orphanContainers) {
      removeContainer(c);
    }
  }

  private void converge(Service svc, List<Map<String, Object>> existing) throws IOException, InterruptedException {
    new Waiter(engine, progress).dependencies(project, svc, err);
    int scale = opts.scale().getOrDefault(svc.name(), svc.scale());
    if (svc.string("container_name") != null && scale > 1) {
      throw new ComposeException("services." + svc.name() + ": can't set container_name and " + svc.name()
          + " as container name must be unique: invalid compose project");
    }
    String hash = ConfigHash.of(svc);
    String imageId = imageIds.get(svc.name());
    List<Map<String, Object>> keep = new ArrayList<>();
    for (int i = 0; i < existing.size(); i++) {
      if (i < scale) {
        keep.add(existing.get(i));
      } else {
        removeContainer(existing.get(existing.size() - 1 - (i - scale)));
      }
    }
    List<String> toStart = new ArrayList<>();
    int next = 1;
    for (Map<String, Object> c : keep) {
      next = Math.max(next, ProjectContainers.number(c) + 1);
      boolean changed = !hash.equals(ProjectContainers.label(c, Labels.CONFIG_HASH))
          || imageId != null && !imageId.equals(ProjectContainers.label(c, Labels.IMAGE));
      if (opts.forceRecreate() || changed && !opts.noRecreate()) {
        toStart.add(recreate(svc, c, hash, imageId));
      } else if (!ProjectContainers.running(c)) {
        toStart.add(ProjectContainers.id(c) + " " + ProjectContainers.name(c));
      } else {
        progress.done("Container", ProjectContainers.name(c), "Running");
      }
    }
    for (int n = keep.size(); n < scale; n++) {
      int number = next++;
      String name = svc.string("container_name") != null ? svc.string("container_name")
          : project.name() + "-" + svc.name() + "-" + number;
      toStart.add(create(svc, number, name, name, hash, imageId) + " " + name);
    }
    if (!opts.start()) {
      return;
    }
    for (String s : toStart) {
      int sp = s.indexOf(' ');
      String id = s.substring(0, sp);
      String name = s.substring(sp + 1);
      progress.working("Container", name, "Starting");
      try {
        engine.start(id);
      } catch (DaemonException e) {
        progress.failed("Container", name, "Error");
        throw new ComposeException("Error response from daemon: " + e.getMessage());
      }
      progress.done("Container", name, "Started");
    }
  }

  /** Creates one container and connects its other networks; returns its ID. */
  private String create(Service svc, int number, String createName, String finalName, String hash, String imageId)
      throws IOException {
    progress.working("Container", finalName, "Creating");
    ContainerSpec spec = new ContainerSpec(project, svc);
    Map<String, Object> body = spec.body(number, finalName, imageId, hash, false);
    String id;
    try {
      id = engine.createContainer(createName, body);
      List<String> nets = svc.networks();
      if (svc.string("network_mode") == null) {
        for (int i = 1; i < nets.size(); i++) {
          engine.connect(String.valueOf(project.network(nets.get(i)).get("name")), id, spec.endpoint(nets.get(i), finalName));
        }
      }
    } catch (DaemonException e) {
      progress.failed("Container", finalName, "Error");
      throw new ComposeException("Error response from daemon: " + e.getMessage());
    }
    progress.done("Container", finalName, "Created");
    return id;
  }

  /** compose's recreate: the new container under a temporary name, the old one stopped and removed, then the rename. */
  private String recreate(Service svc, Map<String, Object> old, String hash, String imageId) throws IOException {
    String name = ProjectContainers.name(old);
    String oldId = ProjectContainers.id(old);
    progress.working("Container", name, "Recreate");
    String tmp = oldId.substring(0, 12) + "_" + name;
    ContainerSpec spec = new ContainerSpec(project, svc);
    Map<String, Object> body = spec.body(ProjectContainers.number(old), name, imageId, hash, false);
    @SuppressWarnings("unchecked")
    Map<String, Object> labels = (Map<String, Object>) body.get("Labels");
    labels.put(Labels.REPLACE, oldId);
    String id;
    try {
      id = engine.createContainer(tmp, body);
      List<String> nets = svc.networks();
      if (svc.string("network_mode") == null) {
        for (int i = 1; i < nets.size(); i++) {
          engine.connect(String.valueOf(project.network(nets.get(i)).get("name")), id, spec.endpoint(nets.get(i), name));
        }
      }
      engine.stop(oldId, stopTimeout(svc));
      engine.remove(oldId, false);
      engine.rename(id, name);
    } catch (DaemonException e) {
      progress.failed("Container", name, "Error");
      throw new ComposeException("Error response from daemon: " + e.getMessage());
    }
    progress.done("Container", name, "Recreated");
    return id + " " + name;
  }

  private void removeContainer(Map<String, Object> c) throws IOException {
    String name = ProjectContainers.name(c);
    if (ProjectContainers.running(c)) {
      progress.working("Container", name, "Stopping");
      engine.stop(ProjectContainers.id(c), null);
      progress.done("Container", name, "Stopped");
    }
    progress.working("Container", name, "Removing");
    engine.remove(ProjectContainers.id(c), false);
    progress.done("Container", name, "Removed");
  }

  static Integer stopTimeout(Service svc) {
    String g = svc.string("stop_grace_period");
    return g == null ? null : (int) (Durations.nanos(g) / 1_000_000_000L);
  }
}
