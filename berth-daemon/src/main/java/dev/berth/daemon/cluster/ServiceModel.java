package dev.berth.daemon.cluster;

import java.time.Duration;

/**
 * What the orchestrator needs to know of a service, read out of its Engine API spec: how many tasks,
 * where they may go, when a finished one is replaced and how an update rolls. The spec itself is
 * kept as the client sent it, so that inspect shows it back unchanged.
 *
 * @param version the store's revision of the service's last write; tasks carry the version they run
 * @param updatePaused a rolling update stopped by a failure ({@code --update-failure-action pause}): no more slots are replaced
 */
public record ServiceModel(String id, String name, long version, Mode mode, int replicas, int maxConcurrent,
    TaskNeeds needs, Restart restart, Rollout update, boolean updatePaused) {

  public enum Mode {
    REPLICATED, GLOBAL, REPLICATED_JOB, GLOBAL_JOB;

    boolean job() {
      return this == REPLICATED_JOB || this == GLOBAL_JOB;
    }

    boolean global() {
      return this == GLOBAL || this == GLOBAL_JOB;
    }
  }

  /** {@code --restart-condition any|on-failure|none}, {@code --restart-delay}, {@code --restart-max-attempts}. */
  public record Restart(String condition, Duration delay, int maxAttempts) {
    /** swarmkit's default: restart on any exit after 5 s, without limit. */
    public static final Restart DEFAULT = new Restart("any", Duration.ofSeconds(5), 0);
    /** Jobs restart only what failed. */
    public static final Restart JOB_DEFAULT = new Restart("on-failure", Duration.ofSeconds(5), 0);
  }

  /** {@code --update-parallelism}, {@code --update-delay}, {@code --update-order}, {@code --update-failure-action}. */
  public record Rollout(int parallelism, Duration delay, boolean startFirst, String failureAction, Duration monitor) {
    /** swarmkit's default: one at a time, no delay, stop-first, pause on failure, monitored 5 s. */
    public static final Rollout DEFAULT = new Rollout(1, Duration.ZERO, false, "pause", Duration.ofSeconds(5));
  }
}
