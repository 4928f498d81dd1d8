package dev.berth.daemon.container;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code State.Health} of a container with a health check: its status, the run of failures, and
 * the last few probes. Persisted with the container's state whenever that is saved (as Docker, on
 * a best-effort basis: probes alone do not write to disk). Fields are replaced, never mutated in
 * place, so that readers (inspect, ps) can take them without the container's lock.
 */
public final class HealthState {
  public static final String STARTING = "starting";
  public static final String HEALTHY = "healthy";
  public static final String UNHEALTHY = "unhealthy";
  /** What ps filters and the API call a container without a health check. */
  public static final String NONE = "none";
  /** Docker keeps the last five probes. */
  static final int MAX_LOG = 5;

  public volatile String status = STARTING;
  public volatile int failingStreak;
  /** Oldest first; an immutable list, replaced as a whole. */
  public volatile List<Probe> log = List.of();

  /** One probe's outcome, as Docker's HealthcheckResult. */
  public static final class Probe {
    public Instant start;
    public Instant end;
    public int exitCode;
    public String output = "";

    public Probe() {}

    Probe(Instant start, Instant end, int exitCode, String output) {
      this.start = start;
      this.end = end;
      this.exitCode = exitCode;
      this.output = output;
    }
  }

  /** Appends a probe, dropping the oldest beyond {@link #MAX_LOG}. */
  void append(Probe p) {
    List<Probe> next = new ArrayList<>(log);
    next.add(p);
    while (next.size() > MAX_LOG) {
      next.remove(0);
    }
    log = List.copyOf(next);
  }

  /** The words ps shows after "Up 5 minutes": "(health: starting)", "(healthy)", "(unhealthy)". */
  String summary() {
    return STARTING.equals(status) ? "health: starting" : status;
  }
}
