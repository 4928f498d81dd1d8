package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.daemon.container.Container;
import dev.berth.daemon.container.ContainerService;
import dev.berth.daemon.container.LifecycleListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The node agent's runtime on a real berthd: task containers are ordinary containers of the local
 * container service, made by the same create path the Engine API uses, so {@code docker ps},
 * {@code logs} and {@code exec} work on them as on Docker's swarm tasks.
 */
public final class ContainerTaskRuntime implements TaskRuntime {
  private static final String TASK_LABEL = "com.docker.swarm.task.id";
  private final ContainerService containers;
  private final List<Consumer<String>> exitListeners = new CopyOnWriteArrayList<>();

  public ContainerTaskRuntime(ContainerService containers) {
    this.containers = containers;
    containers.addListener(new LifecycleListener() {
      @Override
      public void stopped(Container c) {
        if (taskId(c) != null) {
          // called under the container's lock: hand over and return at once
          Thread.ofVirtual().start(() -> exitListeners.forEach(l -> l.accept(c.id)));
        }
      }
    });
  }

  @Override
  public String create(String name, ObjectNode createRequest) throws Exception {
    return containers.create(name, createRequest).id;
  }

  @Override
  public void start(String containerId) throws Exception {
    containers.start(containerId);
  }

  @Override
  public void stop(String containerId, int timeoutSeconds) throws Exception {
    try {
      containers.stop(containerId, timeoutSeconds, null);
    } catch (dev.berth.daemon.server.ApiException e) {
      if (e.status().code() != 304) {
        throw e;
      }
    }
  }

  @Override
  public void remove(String containerId) throws Exception {
    containers.remove(containerId, true, true);
  }

  @Override
  public List<TaskContainer> taskContainers() {
    List<TaskContainer> out = new ArrayList<>();
    for (Container c : containers.all()) {
      String task = taskId(c);
      if (task != null) {
        out.add(new TaskContainer(c.id, task, c.state.running() || c.state.paused(), c.state.startedAt != null, c.state.exitCode, c.state.pid,
            c.state.error));
      }
    }
    return out;
  }

  @Override
  public void onExit(Consumer<String> listener) {
    exitListeners.add(listener);
  }

  private static String taskId(Container c) {
    if (c.config == null) {
      return null;
    }
    String v = c.config.path("Labels").path(TASK_LABEL).asText("");
    return v.isEmpty() ? null : v;
  }
}
