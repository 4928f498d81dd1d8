package dev.berth.daemon.cluster;

import java.util.Locale;

/**
 * A task's life, in swarmkit's order. States only move forward: a task never goes back to
 * {@code running} once it has {@code failed}; a replacement is a new task in the same slot. That
 * rule is what keeps two writers (the leader, which owns a task until it is assigned, and the node,
 * which owns its status from {@code accepted} on) from undoing each other's work.
 */
public enum TaskState {
  NEW, PENDING, ASSIGNED, ACCEPTED, PREPARING, READY, STARTING, RUNNING, COMPLETE, SHUTDOWN, FAILED, REJECTED,
  REMOVE, ORPHANED;

  /** The lowercase name the Engine API uses ({@code "running"}). */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TaskState fromApi(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** True once the task's container is gone or never will be: nothing moves it any more. */
  public boolean terminal() {
    return compareTo(COMPLETE) >= 0;
  }

  /** True while the task holds (or is about to hold) a container on its node. */
  public boolean active() {
    return compareTo(ASSIGNED) >= 0 && compareTo(RUNNING) <= 0;
  }

  /** Whether a status report may move a task from this state to {@code next}. */
  public boolean canMoveTo(TaskState next) {
    return !terminal() && next.compareTo(this) > 0;
  }
}
