package dev.berth.api;

/**
 * Durations in words as Docker says them (its go-units HumanDuration): "Less than a second",
 * "About a minute", "3 days". The daemon uses it for the STATUS column ("Up 5 minutes"), the
 * CLI for CREATED ("2 hours ago"), so both read exactly like Docker's.
 */
public final class HumanDuration {
  private HumanDuration() {}

  public static String of(long millis) {
    long seconds = millis / 1000;
    if (seconds < 1) {
      return "Less than a second";
    }
    if (seconds == 1) {
      return "1 second";
    }
    if (seconds < 60) {
      return seconds + " seconds";
    }
    long minutes = millis / 60_000;
    if (minutes == 1) {
      return "About a minute";
    }
    if (minutes < 60) {
      return minutes + " minutes";
    }
    long hours = Math.round(millis / 3_600_000.0);
    if (hours == 1) {
      return "About an hour";
    }
    if (hours < 48) {
      return hours + " hours";
    }
    if (hours < 24 * 7 * 2) {
      return hours / 24 + " days";
    }
    if (hours < 24 * 30 * 2) {
      return hours / 24 / 7 + " weeks";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 / 30 + " months";
    }
    // go-units counts years from whole, not rounded, hours
    return millis / 3_600_000 / 24 / 365 + " years";
  }
}
