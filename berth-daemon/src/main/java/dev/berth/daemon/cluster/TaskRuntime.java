package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the node agent needs from the local engine to run tasks: containers made from a create
 * request, started, stopped and removed, found again by their task labels, and a word when one
 * exits. The real one is the container service; the tests give a fake, so the agent is tested
 * without runc.
 */
public interface TaskRuntime {

  /** A task's container on this node, as the engine sees it now. */
  record TaskContainer(String containerId, String taskId, boolean running, boolean everStarted, int exitCode, long pid,
      String error) {}

  /** Creates a container named {@code name} from an Engine API create body; answers its ID. */
  String create(String name, ObjectNode createRequest) throws Exception;

  void start(String containerId) throws Exception;

  void stop(String containerId, int timeoutSeconds) throws Exception;

  void remove(String containerId) throws Exception;

  /** Every container on this node that belongs to a task (it carries {@code com.docker.swarm.task.id}). */
  List<TaskContainer> taskContainers();

  /** Tells {@code listener} the ID of each task container whose run ends. */
  void onExit(Consumer<String> listener);
}
