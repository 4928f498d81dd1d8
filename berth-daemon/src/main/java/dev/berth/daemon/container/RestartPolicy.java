package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.server.ApiException;

/**
 * Docker's restart policies: {@code no}, {@code always}, {@code unless-stopped} and
 * {@code on-failure[:N]}. A container the user stopped or killed is not restarted; the delay
 * between restarts doubles from 100 ms up to a minute.
 */
record RestartPolicy(String name, int maxRetries) {
  private static final long FIRST_DELAY_MS = 100;
  private static final long MAX_DELAY_MS = 60_000;

  static RestartPolicy of(JsonNode hostConfig) {
    JsonNode p = hostConfig.path("RestartPolicy");
    String name = p.path("Name").asText("");
    int max = p.path("MaximumRetryCount").asInt(0);
    return new RestartPolicy(name, max);
  }

  /**
   * Refuses what dockerd (API 1.51) refuses at create and update, in its words. A policy with an
   * empty name is taken as "no" whatever its count, as dockerd allows for containers older
   * clients made.
   */
  void validate(boolean autoRemove) {
    validate(name, maxRetries, autoRemove);
  }

  static void validate(String name, int maxRetries, boolean autoRemove) {
    switch (name) {
      case "", "no", "always", "unless-stopped" -> {
        if (maxRetries != 0 && !name.isEmpty()) {
          throw ApiException.badRequest("invalid restart policy: maximum retry count can only be used with 'on-failure'"
              + (maxRetries < 0 ? " and cannot be negative" : ""));
        }
      }
      case "on-failure" -> {
        if (maxRetries < 0) {
          throw ApiException.badRequest("invalid restart policy: maximum retry count cannot be negative");
        }
      }
      default -> throw ApiException.badRequest("invalid restart policy: unknown policy '" + name
          + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
    }
    if (autoRemove && !name.isEmpty() && !name.equals("no")) {
      throw ApiException.badRequest("can't create 'AutoRemove' container with restart policy");
    }
  }

  boolean restartsAfter(int exitCode, boolean stoppedByUser, int restartCount) {
    if (stoppedByUser) {
      return false;
    }
    return switch (name) {
      case "always", "unless-stopped" -> true;
      case "on-failure" -> exitCode != 0 && (maxRetries == 0 || restartCount < maxRetries);
      default -> false;
    };
  }

  /** Whether berthd starts the container again when berthd itself starts. */
  boolean startsWithDaemon(boolean stoppedByUser) {
    return name.equals("always") || (name.equals("unless-stopped") && !stoppedByUser);
  }

  static long delayMs(int restartCount) {
    long d = FIRST_DELAY_MS << Math.min(restartCount, 20);
    return Math.min(d, MAX_DELAY_MS);
  }
}
