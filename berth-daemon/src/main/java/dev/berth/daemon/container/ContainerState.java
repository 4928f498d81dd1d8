package dev.berth.daemon.container;

import java.time.Instant;

/**
 * The lifecycle state of a container, as persisted and as {@code State} in inspect shows it. The
 * status strings are Docker's: created, running, paused, restarting, removing, exited, dead.
 */
public final class ContainerState {
  public String status = "created";
  public int pid;
  public int conmonPid;
  public int exitCode;
  public String error = "";
  public Instant startedAt;
  public Instant finishedAt;
  public boolean oomKilled;
  /** Stopped or killed by the user: restart policies leave it alone (Docker's HasBeenManuallyStopped). */
  public boolean stoppedByUser;
  /**
   * Paused by a commit for the time of its copy, not by the user: a berthd that dies meanwhile
   * unpauses it when it starts again, so a crash mid-commit does not leave the container frozen.
   */
  public boolean pausedForCommit;
  /** State.Health: set when a run with a health check starts, kept after it stops; null without one. */
  public HealthState health;

  public boolean running() {
    return status.equals("running") || status.equals("paused");
  }

  public boolean paused() {
    return status.equals("paused");
  }
}
