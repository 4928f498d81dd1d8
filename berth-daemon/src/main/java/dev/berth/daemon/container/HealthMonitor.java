package dev.berth.daemon.container;

import dev.berth.api.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the health checks of running containers, with Docker's semantics: the first probe one
 * interval after the start (sooner within a start period), the next one interval after the last
 * ended; a probe runs in the container as exec does and is killed at its timeout; failures inside
 * the start period do not count until a probe has passed; {@code retries} failures in a row make
 * the container unhealthy, one pass makes it healthy; the last five probes are kept.
 *
 * <p>One timer thread schedules every container's next probe; each probe runs on a virtual thread
 * of its own, so no thread waits out an interval, and a slow probe delays only its own container.
 */
public final class HealthMonitor implements LifecycleListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
  /** Docker keeps this much of a probe's output (stdout and stderr together). */
  static final int MAX_OUTPUT = 4096;

  /** Told of every change of a container's health status (starting, healthy, unhealthy). */
  public interface StatusListener {
    void healthStatusChanged(Container c, String status);
  }

  private final ExecService execs;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().daemon().name("health-timer").unstarted(r));
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private volatile StatusListener statusListener = (c, status) -> { };

  public HealthMonitor(ExecService execs) {
    this.execs = execs;
  }

  /** Where the events service hears of health changes ({@code health_status: healthy}). */
  public void onStatusChange(StatusListener listener) {
    this.statusListener = listener;
  }

  /** One running container's checks: cancelled when its run ends. */
  private static final class Watch {
    final Container container;
    final HealthConfig config;
    final List<String> command;
    volatile boolean cancelled;
    volatile ScheduledFuture<?> next;
    volatile Thread probing;

    Watch(Container container, HealthConfig config, List<String> command) {
      this.container = container;
      this.config = config;
      this.command = command;
    }

    void cancel() {
      cancelled = true;
      ScheduledFuture<?> f = next;
      if (f != null) {
        f.cancel(false);
      }
      Thread t = probing;
      if (t != null) {
        t.interrupt(); // the probe is killed, as Docker cancels it
      }
    }
  }

  @Override
  public void started(Container c) {
    end(c.id);
    HealthConfig config = HealthConfig.of(c.config.get("Healthcheck"));
    List<String> command = config == null ? null : config.probeCommand();
    if (command == null) {
      return; // no check, or NONE: no Health in inspect, "none" for ps filters
    }
    // as Docker: a new run starts over, but the log of earlier probes stays
    HealthState h = c.state.health == null ? new HealthState() : c.state.health;
    h.status = HealthState.STARTING;
    h.failingStreak = 0;
    c.state.health = h;
    Watch w = new Watch(c, config, command);
    watches.put(c.id, w);
    schedule(w);
  }

  @Override
  public void stopped(Container c) {
    if (end(c.id) && c.state.health != null) {
      // as Docker: a check that no longer runs reports unhealthy
      c.state.health.status = HealthState.UNHEALTHY;
    }
  }

  /** Cancels the container's checks; whether there were any. */
  private boolean end(String id) {
    Watch w = watches.remove(id);
    if (w == null) {
      return false;
    }
    w.cancel();
    return true;
  }

  private void schedule(Watch w) {
    if (w.cancelled) {
      return;
    }
    Container c = w.container;
    Duration delay = nextDelay(w.config, c.state.startedAt, c.state.health, Instant.now());
    try {
      w.next = timer.schedule(() -> {
        Thread t = Thread.ofVirtual().name("health-" + c.shortId()).unstarted(() -> probe(w));
        w.probing = t;
        t.start();
      }, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
      w.cancelled = true;
    }
  }

  /**
   * When the next probe runs, as Docker decides: the interval, or what is left of the start period
   * if that ends sooner, or the start interval while the container is still starting in it.
   */
  static Duration nextDelay(HealthConfig config, Instant startedAt, HealthState health, Instant now) {
    Duration elapsed = startedAt == null ? Duration.ZERO : Duration.between(startedAt, now);
    Duration startPeriod = config.startPeriod();
    if (elapsed.compareTo(startPeriod) >= 0) {
      return config.interval();
    }
    Duration remaining = startPeriod.minus(elapsed);
    if (remaining.compareTo(config.interval()) < 0) {
      return remaining;
    }
    return health != null && HealthState.STARTING.equals(health.status) ? config.startInterval() : config.interval();
  }

  private void probe(Watch w) {
    Container c = w.container;
    try {
      if (w.cancelled) {
        return;
      }
      if (c.state.paused()) {
        return; // nothing runs in a frozen container; checks go on when it is unpaused
      }
      if (!c.state.running()) {
        return; // its end is being recorded: stopped() follows
      }
      Instant start = Instant.now();
      HealthState.Probe result;
      try {
        ExecService.Captured r = execs.runCaptured(c, w.command, w.config.timeout(), MAX_OUTPUT);
        result = new HealthState.Probe(start, Instant.now(), r.exitCode(),
            r.timedOut() ? timeoutMessage(w.config.timeout(), r.output()) : r.output());
      } catch (InterruptedException cancelled) {
        return;
      } catch (Exception e) {
        if (w.cancelled || !c.state.running()) {
          return;
        }
        LOG.warn("health check of {} could not run: {}", c.shortId(), e.getMessage());
        result = new HealthState.Probe(start, Instant.now(), -1, String.valueOf(e.getMessage()));
      }
      String changed;
      synchronized (c) {
        if (w.cancelled) {
          return;
        }
        changed = record(c, w.config, result);
      }
      if (changed != null) {
        healthStatusChanged(c, changed);
      }
    } catch (RuntimeException e) {
      LOG.warn("health check of {} failed: {}", c.shortId(), e.toString());
    } finally {
      w.probing = null;
      schedule(w);
    }
  }

  /**
   * Applies one probe's result to the container's health, as Docker's handleProbeResult: a pass
   * makes it healthy; a failure counts unless the container is still starting within its start
   * period, and {@code retries} counted failures in a row make it unhealthy. Returns the new
   * status when it changed, else null. Called under the container's lock.
   */
  static String record(Container c, HealthConfig config, HealthState.Probe result) {
    HealthState h = c.state.health;
    if (h == null) {
      return null;
    }
    String before = h.status;
    h.append(result);
    if (result.exitCode == 0) {
      h.failingStreak = 0;
      h.status = HealthState.HEALTHY;
    } else {
      boolean counts = true;
      if (HealthState.STARTING.equals(h.status) && c.state.startedAt != null
          && Duration.between(c.state.startedAt, result.start).compareTo(config.startPeriod()) < 0) {
        counts = false;
      }
      if (counts) {
        h.failingStreak++;
        if (h.failingStreak >= config.effectiveRetries()) {
          h.status = HealthState.UNHEALTHY;
        }
      }
    }
    return before.equals(h.status) ? null : h.status;
  }

  /** Docker's words for a probe killed at its timeout, with what it printed before. */
  static String timeoutMessage(Duration timeout, String output) {
    String head = "Health check exceeded timeout (" + GoDuration.format(timeout.toNanos()) + ")";
    return output.isEmpty() ? head : head + ": " + output;
  }

  /**
   * EVENT HOOK: the one place a container's health status changes. The events service publishes
   * Docker's {@code health_status: healthy} / {@code health_status: unhealthy} here (wire it with
   * {@link #onStatusChange}).
   */
  private void healthStatusChanged(Container c, String status) {
    LOG.debug("health of {}: {}", c.shortId(), status);
    try {
      statusListener.healthStatusChanged(c, status);
    } catch (RuntimeException e) {
      LOG.warn("health status listener failed: {}", e.toString());
    }
  }

  /** Stops every check (berthd is going down; the containers keep running). */
  @Override
  public void close() {
    watches.keySet().forEach(this::end);
    timer.shutdownNow();
  }
}
