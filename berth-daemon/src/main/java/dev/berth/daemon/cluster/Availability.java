package dev.berth.daemon.cluster;

import java.util.Locale;

/**
 * What the scheduler may do with a node: {@code active} takes new tasks, {@code pause} keeps its
 * tasks but takes no new ones, {@code drain} has its tasks moved elsewhere.
 */
public enum Availability {
  ACTIVE, PAUSE, DRAIN;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Availability fromApi(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
