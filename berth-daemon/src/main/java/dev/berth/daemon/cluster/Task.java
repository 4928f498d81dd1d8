package dev.berth.daemon.cluster;

import java.time.Instant;

/**
 * One task: a slot of a service (or a node, for global services) made real by one container.
 * Immutable; each change is a new value written back to the store under the old version.
 *
 * @param slot the replica number for replicated services, 0 for global ones
 * @param nodeId the node it is assigned to, or null while pending
 * @param specVersion the service's version whose spec this task runs: a task whose version is older
 *     than the service's is out of date and is replaced by a rolling update
 * @param desiredState what the leader wants: {@code running}, or {@code shutdown}/{@code remove}
 * @param state what the node last reported
 */
public record Task(String id, String serviceId, int slot, String nodeId, long specVersion, TaskState desiredState,
    TaskState state, String message, String err, String containerId, int exitCode, Instant createdAt,
    Instant updatedAt) {

  /** A new task for a slot, not yet placed. */
  public static Task create(String id, String serviceId, int slot, String nodeId, long specVersion, Instant now) {
    return new Task(id, serviceId, slot, nodeId, specVersion, TaskState.RUNNING, TaskState.NEW, "created", "", "",
        0, now, now);
  }

  public Task withNode(String node, Instant now) {
    return new Task(id, serviceId, slot, node, specVersion, desiredState, TaskState.ASSIGNED, "scheduler assigned task to node", "",
        containerId, exitCode, createdAt, now);
  }

  public Task pending(String reason, Instant now) {
    return new Task(id, serviceId, slot, nodeId, specVersion, desiredState, TaskState.PENDING, "pending task scheduling",
        reason, containerId, exitCode, createdAt, now);
  }

  public Task withDesired(TaskState desired, Instant now) {
    return new Task(id, serviceId, slot, nodeId, specVersion, desired, state, message, err, containerId, exitCode,
        createdAt, now);
  }

  /** The node's report of a new state; refused (answers this task unchanged) when it would go backwards. */
  public Task report(TaskState next, String msg, String error, String container, int exit, Instant now) {
    if (!state.canMoveTo(next)) {
      return this;
    }
    return new Task(id, serviceId, slot, nodeId, specVersion, desiredState, next, msg, error, container, exit,
        createdAt, now);
  }

  /** True when the task counts towards its slot: wanted running and not finished. */
  public boolean live() {
    return desiredState == TaskState.RUNNING && !state.terminal();
  }
}
