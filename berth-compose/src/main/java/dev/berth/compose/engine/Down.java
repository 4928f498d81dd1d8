package dev.berth.compose.engine;

import dev.berth.cli.client.DaemonException;
import dev.berth.compose.model.Project;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code down}: every container of the project (found by label, so it works without the file,
 * orphans and one-off containers included) stopped in reverse dependency order and removed, then
 * the project's networks, then with {@code -v} its volumes, and with {@code --rmi} its images.
 */
public final class Down {
  private final Engine engine;
  private final Progress progress;

  public Down(Engine engine, Progress progress) {
    this.engine = engine;
    this.progress = progress;
  }

  /** project may be null (no file: labels alone). */
  public void run(String name, Project project, boolean volumes, String rmi, Integer timeout)
      throws IOException, InterruptedException {
    List<Map<String, Object>> containers = ProjectContainers.everything(engine, name);
    List<List<Map<String, Object>>> waves = reverseDependencyWaves(containers);
    for (List<Map<String, Object>> wave : waves) {
      List<Thread> threads = new ArrayList<>();
      List<IOException> failures = new ArrayList<>();
      for (Map<String, Object> c : wave) {
        threads.add(Thread.ofVirtual().start(() -> {
          try {
            remove(c, timeout);
          } catch (IOException e) {
            synchronized (failures) {
              failures.add(e);
            }
          }
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
      if (!failures.isEmpty()) {
        throw failures.get(0);
      }
    }
    Set<String> networks = new LinkedHashSet<>();
    for (Map<String, Object> n : engine.networks(Labels.projectFilter(name))) {
      networks.add(String.valueOf(n.get("Name")));
    }
    if (project != null) {
      for (Map.Entry<String, Object> e : project.section("networks").entrySet()) {
        Map<?, ?> def = (Map<?, ?>) e.getValue();
        if (!Boolean.TRUE.equals(def.get("external")) && engine.network(String.valueOf(def.get("name"))) != null) {
          networks.add(String.valueOf(def.get("name")));
        }
      }
    }
    for (String n : networks) {
      progress.working("Network", n, "Removing");
      try {
        engine.removeNetwork(n);
        progress.done("Network", n, "Removed");
      } catch (DaemonException e) {
        if (e.status() != 404) {
          progress.failed("Network", n, "Error");
          throw e;
        }
      }
    }
    if (volumes) {
      Set<String> vols = new LinkedHashSet<>();
      for (Map<String, Object> v : engine.volumes(Labels.projectFilter(name))) {
        vols.add(String.valueOf(v.get("Name")));
      }
      for (String v : vols) {
        progress.working("Volume", "\"" + v + "\"", "Removing");
        engine.removeVolume(v);
        progress.done("Volume", "\"" + v + "\"", "Removed");
      }
    }
    if (rmi != null && project != null) {
      Set<String> images = new LinkedHashSet<>();
      for (var s : project.services()) {
        boolean built = !s.map("build").isEmpty();
        boolean declared = s.spec().containsKey("image") && !s.image().equals(name + "-" + s.name());
        if (rmi.equals("all") || built && (!declared || rmi.equals("local"))) {
          if (rmi.equals("all") || !declared) {
            images.add(s.image());
          }
        }
      }
      for (String img : images) {
        progress.working("Image", img, "Removing");
        try {
          engine.client().delete("/images/" + img);
          progress.done("Image", img, "Removed");
        } catch (DaemonException e) {
          if (e.status() != 404) {
            progress.failed("Image", img, "Error");
            throw e;
          }
        }
      }
    }
  }

  private void remove(Map<String, Object> c, Integer timeout) throws IOException {
    String n = ProjectContainers.name(c);
    if (ProjectContainers.running(c)) {
      progress.working("Container", n, "Stopping");
      engine.stop(ProjectContainers.id(c), timeout);
      progress.done("Container", n, "Stopped");
    }
    progress.working("Container", n, "Removing");
    try {
      engine.remove(ProjectContainers.id(c), true);
    } catch (DaemonException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
    progress.done("Container", n, "Removed");
  }

  /** Containers grouped so that dependants go before what they depend on (from the depends_on label). */
  public static List<List<Map<String, Object>>> reverseDependencyWaves(List<Map<String, Object>> containers) {
    Map<String, Set<String>> deps = new HashMap<>();
    Set<String> services = new LinkedHashSet<>();
    for (Map<String, Object> c : containers) {
      String s = ProjectContainers.service(c);
      services.add(s);
      Set<String> d = deps.computeIfAbsent(s, k -> new LinkedHashSet<>());
      for (String part : ProjectContainers.label(c, Labels.DEPENDS_ON).split(",")) {
        if (!part.isEmpty()) {
          d.add(part.split(":")[0]);
        }
      }
    }
    List<List<Map<String, Object>>> waves = new ArrayList<>();
    Set<String> removed = new LinkedHashSet<>();
    while (removed.size() < services.size()) {
      Set<String> wave = new LinkedHashSet<>();
      for (String s : services) {
        if (removed.contains(s)) {
          continue;
        }
        boolean needed = false;
        for (String other : services) {
          if (!removed.contains(other) && !other.equals(s) && deps.getOrDefault(other, Set.of()).contains(s)) {
            needed = true;
          }
        }
        if (!needed) {
          wave.add(s);
        }
      }
      if (wave.isEmpty()) {
        for (String s : services) {
          if (!removed.contains(s)) {
            wave.add(s);
          }
        }
      }
      List<Map<String, Object>> list = new ArrayList<>();
      for (Map<String, Object> c : containers) {
        if (wave.contains(ProjectContainers.service(c))) {
          list.add(c);
        }
      }
      waves.add(list);
      removed.addAll(wave);
    }
    return waves;
  }
}
