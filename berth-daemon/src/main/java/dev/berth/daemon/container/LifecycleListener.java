package dev.berth.daemon.container;

/**
 * Told when a container's run begins and ends, so that what lives only while it runs (its health
 * monitor) follows it without the lifecycle code knowing about it. Called under the container's
 * lock: implementations must return quickly and never block.
 */
public interface LifecycleListener {
  /** The container runs: just started, restarted by its policy, or re-adopted when berthd starts. */
  default void started(Container c) {}

  /** The container's run ended (exit, kill, its monitor gone), or it is being removed. */
  default void stopped(Container c) {}
}
