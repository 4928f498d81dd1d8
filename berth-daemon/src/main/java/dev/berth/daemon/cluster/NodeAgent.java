package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.cluster.store.ClusterStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's share of the cluster: every task the store assigns here gets a container, every
 * task told to stop has its container stopped, and every container whose task is gone from the
 * store (moved while this node was cut off, or cleaned from history) is removed. It reports each
 * change of state under the task's status key, and only on a change, so an idle cluster writes
 * nothing. When the store cannot be reached it does nothing at all: running containers keep running.
 */
final class NodeAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
  private final ClusterStore store;
  private final TaskRuntime runtime;
  private final String nodeId;
  private final Clock clock;
  private final Wakeups wakeups = new Wakeups();
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  /** When each task's last launch or stop finished: a pass that read the engine before then is stale for it. */
  private final Map<String, Long> settledAt = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private Thread loop;
  private AutoCloseable watch;

  private final TaskFiles files;

  NodeAgent(ClusterStore store, TaskRuntime runtime, String nodeId, Clock clock, TaskFiles files) {
    this.files = files;
    this.store = store;
    this.runtime = runtime;
    this.nodeId = nodeId;
    this.clock = clock;
  }

  void start() {
    runtime.onExit(id -> wakeups.ring());
    loop = Thread.ofPlatform().name("node-agent").daemon().start(this::run);
  }

  void wake() {
    wakeups.ring();
  }

  private void run() {
    long revision = -1;
    while (!closed) {
      try {
        if (watch == null) {
          revision = store.list(Keys.TASKS).revision();
          watch = store.watch(Keys.TASKS, revision + 1, changes -> wakeups.ring(), err -> dropWatch());
        }
        reconcileOnce();
      } catch (ClusterStore.Unavailable e) {
        LOG.debug("cluster store unavailable, tasks left as they are: {}", e.getMessage());
        dropWatch();
      } catch (RuntimeException e) {
        LOG.warn("node agent pass failed", e);
      }
      try {
        wakeups.await(2000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void dropWatch() {
    if (watch != null) {
      try {
        watch.close();
      } catch (Exception ignored) {
        // a broken watch is already gone
      }
      watch = null;
    }
  }

  /** One pass: the store's truth for this node, applied to its containers. */
  void reconcileOnce() {
    long passStart = System.nanoTime();
    Set<String> busyAtStart = Set.copyOf(busy);
    Map<String, JsonNode> stored = new HashMap<>();
    for (ClusterStore.Entry e : store.list(Keys.TASKS).entries()) {
      JsonNode j = Json.tree(e.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (nodeId.equals(j.path("NodeID").asText(null))) {
        stored.put(j.path("ID").asText(), j);
      }
    }
    Map<String, JsonNode> statuses = new HashMap<>();
    for (ClusterStore.Entry e : store.list(Keys.TASK_STATUS).entries()) {
      String id = e.key().substring(Keys.TASK_STATUS.length());
      if (stored.containsKey(id)) {
        statuses.put(id, Json.tree(e.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
    }
    Map<String, TaskRuntime.TaskContainer> containers = new HashMap<>();
    for (TaskRuntime.TaskContainer c : runtime.taskContainers()) {
      containers.put(c.taskId(), c);
    }
    for (JsonNode leader : stored.values()) {
      Task t = TaskCodec.decode(leader, statuses.get(leader.path("ID").asText()));
      if (!busy.contains(t.id()) && !busyAtStart.contains(t.id()) && settledAt.getOrDefault(t.id(), 0L) < passStart) {
        apply(t, leader, containers.get(t.id()));
      }
    }
    settledAt.keySet().retainAll(stored.keySet());
    for (TaskRuntime.TaskContainer c : containers.values()) {
      if (!stored.containsKey(c.taskId()) && busy.add(c.taskId())) {
        // no longer ours: moved elsewhere while we were away, or its history was cleaned
        Thread.ofVirtual().start(() -> {
          try {
            if (c.running()) {
              runtime.stop(c.containerId(), 10);
            }
            runtime.remove(c.containerId());
            files.forget(c.taskId());
          } catch (Exception ex) {
            LOG.warn("removing container {} of a task no longer on this node: {}", c.containerId(), ex.getMessage());
          } finally {
            busy.remove(c.taskId());
          }
        });
      }
    }
  }

  private void apply(Task t, JsonNode leader, TaskRuntime.TaskContainer c) {
    if (t.desiredState() == TaskState.RUNNING) {
      if (t.state().terminal()) {
        return;
      }
      if (c == null) {
        if (t.state().compareTo(TaskState.STARTING) < 0) {
          launch(t, leader);
        } else {
          report(t, TaskState.FAILED, "failed", "task: container is gone", "", 0, -1);
        }
      } else if (c.running()) {
        if (t.state() != TaskState.RUNNING) {
          report(t, TaskState.RUNNING, "started", "", c.containerId(), c.pid(), 0);
        }
      } else if (!c.everStarted()) {
        // made but never started: a launch cut short (berthd stopped between create and start)
        resume(t, c);
      } else if (t.state().compareTo(TaskState.STARTING) >= 0) {
        // look again: a container that started a moment ago must not be taken for one that ended
        runtime.taskContainers().stream().filter(x -> x.taskId().equals(t.id()) && !x.running() && x.everStarted()).findFirst()
            .ifPresent(x -> exited(t, x));
      }
      return;
    }
    // told to stop (scale down, update, service removed, node drained)
    if (c != null && c.running()) {
      busy.add(t.id());
      Thread.ofVirtual().start(() -> {
        try {
          runtime.stop(c.containerId(), stopTimeout(leader));
          report(t, TaskState.SHUTDOWN, "shutdown", "", c.containerId(), 0, 0);
        } catch (Exception ex) {
          LOG.warn("stopping task {}: {}", t.id(), ex.getMessage());
        } finally {
          settle(t.id());
        }
      });
    } else if (!t.state().terminal()) {
      report(t, TaskState.SHUTDOWN, "shutdown", "", c == null ? "" : c.containerId(), 0, c == null ? 0 : c.exitCode());
    }
  }

  private void exited(Task t, TaskRuntime.TaskContainer c) {
    if (c.exitCode() == 0) {
      report(t, TaskState.COMPLETE, "finished", "", c.containerId(), 0, 0);
    } else {
      report(t, TaskState.FAILED, "failed", "task: non-zero exit (" + c.exitCode() + ")", c.containerId(), 0,
          c.exitCode());
    }
  }

  private void launch(Task t, JsonNode leader) {
    busy.add(t.id());
    Thread.ofVirtual().start(() -> {
      String serviceName = leader.path("ServiceName").asText(t.serviceId());
      String containerId = "";
      try {
        report(t, TaskState.PREPARING, "preparing", "", "", 0, 0);
        ObjectNode req = ContainerSpecs.createRequest(leader.path("Spec"), t.serviceId(), serviceName, t, nodeId);
        ContainerSpecs.publishHostPorts(req, leader.path("Endpoint"));
        files.materialize(store, t.id(), leader.path("Spec"), req);
        containerId = runtime.create(ContainerSpecs.containerName(serviceName, t), req);
        report(t, TaskState.STARTING, "starting", "", containerId, 0, 0);
        runtime.start(containerId);
      } catch (Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        report(t, containerId.isEmpty() ? TaskState.REJECTED : TaskState.FAILED, containerId.isEmpty() ? "rejected"
            : "failed", why, containerId, 0, -1);
      } finally {
        settle(t.id());
      }
    });
  }

  private void resume(Task t, TaskRuntime.TaskContainer c) {
    busy.add(t.id());
    Thread.ofVirtual().start(() -> {
      try {
        runtime.start(c.containerId());
      } catch (Exception e) {
        report(t, TaskState.FAILED, "failed", e.getMessage() == null ? "start failed" : e.getMessage(), c.containerId(),
            0, -1);
      } finally {
        settle(t.id());
      }
    });
  }

  private void settle(String taskId) {
    settledAt.put(taskId, System.nanoTime());
    busy.remove(taskId);
    wakeups.ring();
  }

  private static int stopTimeout(JsonNode leader) {
    long nanos = leader.path("Spec").path("ContainerSpec").path("StopGracePeriod").asLong(10_000_000_000L);
    return (int) Math.max(0, nanos / 1_000_000_000L);
  }

  private void report(Task t, TaskState state, String message, String err, String containerId, long pid, int exit) {
    ObjectNode s = TaskCodec.statusPart(state, message, err, containerId, pid, exit, clock.instant());
    store.put(Keys.TASK_STATUS + t.id(), Json.toString(s));
  }

  List<String> busyTasks() {
    return List.copyOf(busy);
  }

  @Override
  public void close() {
    closed = true;
    dropWatch();
    wakeups.ring();
    if (loop != null) {
      try {
        loop.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
