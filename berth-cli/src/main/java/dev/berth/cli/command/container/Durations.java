package dev.berth.cli.command.container;

import dev.berth.api.GoDuration;

/** Go duration strings ("1m30s", "500ms", "10s") as nanoseconds, for healthcheck flags and --since. */
final class Durations {
  private Durations() {}

  static long nanos(String s) {
    return GoDuration.parseNanos(s);
  }
}
