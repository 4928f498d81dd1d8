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
    return new RestartPolicy(name.isEmpty() ? "no" : name, max);
  }

  /** Refuses what Docker refuses at create. */
  void validate(boolean autoRemove) {
    switch (name) {
      case "no", "always", "unless-stopped", "on-failure" -> { }
      default -> throw ApiException.badRequest("invalid restart policy '" + name + "'");
    }
    if (maxRetries < 0) {
      throw ApiException.badRequest("invalid restart policy: maximum retry count cannot be negative");
    }
    if (maxRetries > 0 && !name.equals("on-failure")) {
      throw ApiException.badRequest("invalid restart policy: maximum retry count can only be used with 'on-failure'");
    }
    if (autoRemove && !name.equals("no")) {
      throw ApiException.badRequest("conflicting options: cannot specify both --restart and --rm");
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
