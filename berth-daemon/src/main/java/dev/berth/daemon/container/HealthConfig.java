package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.daemon.server.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's health check ({@code Config.Healthcheck}) as Docker reads it: the test
 * ({@code ["CMD", ...]}, {@code ["CMD-SHELL", "cmd"]} or {@code ["NONE"]}) and its timings, with
 * Docker's defaults for whatever is zero. Durations travel as nanoseconds in the API.
 */
record HealthConfig(List<String> test, long intervalNanos, long timeoutNanos, long startPeriodNanos,
    long startIntervalNanos, int retries) {
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
  static final int DEFAULT_RETRIES = 3;
  /** Docker refuses any non-zero duration under this (container.MinimumDuration). */
  private static final long MINIMUM_NANOS = 1_000_000;
  private static final List<String> FIELDS = List.of("Interval", "Timeout", "StartPeriod", "StartInterval");

  /** Reads a Healthcheck object; null when there is none. */
  static HealthConfig of(JsonNode n) {
    if (n == null || !n.isObject()) {
      return null;
    }
    return new HealthConfig(SpecGenerator.asStrings(n.get("Test")), n.path("Interval").asLong(0),
        n.path("Timeout").asLong(0), n.path("StartPeriod").asLong(0), n.path("StartInterval").asLong(0),
        n.path("Retries").asInt(0));
  }

  /**
   * The container's check from the image's and the create request's, merged as Docker merges them:
   * the request's wins field by field, and what it leaves zero comes from the image. Refuses
   * durations under 1ms and negative retries with Docker's messages. Null when neither has one.
   */
  static ObjectNode merge(JsonNode image, JsonNode request) {
    if (request != null && !request.isNull() && !request.isObject()) {
      throw ApiException.badRequest("invalid Healthcheck: expected an object");
    }
    ObjectNode out;
    if (request == null || request.isNull()) {
      if (image == null || !image.isObject()) {
        return null;
      }
      out = ((ObjectNode) image).deepCopy();
    } else {
      out = ((ObjectNode) request).deepCopy();
      if (image != null && image.isObject()) {
        if (!(out.get("Test") instanceof ArrayNode t) || t.isEmpty()) {
          out.set("Test", image.get("Test"));
        }
        for (String f : List.of("Interval", "Timeout", "StartPeriod", "StartInterval", "Retries")) {
          if (out.path(f).asLong(0) == 0 && image.path(f).asLong(0) != 0) {
            out.set(f, image.get(f));
          }
        }
      }
    }
    validate(out);
    // Docker's HealthConfig omits empty fields in JSON
    for (String f : List.of("Interval", "Timeout", "StartPeriod", "StartInterval", "Retries")) {
      if (out.path(f).asLong(0) == 0) {
        out.remove(f);
      }
    }
    if (out.get("Test") == null || out.get("Test").isNull() || out.get("Test").isEmpty()) {
      out.remove("Test");
    }
    return out;
  }

  private static void validate(ObjectNode hc) {
    for (String f : FIELDS) {
      JsonNode v = hc.get(f);
      if (v != null && !v.isNull() && !v.canConvertToLong()) {
        throw ApiException.badRequest("invalid " + f + " in Healthcheck: expected nanoseconds");
      }
      long nanos = hc.path(f).asLong(0);
      if (nanos != 0 && nanos < MINIMUM_NANOS) {
        throw ApiException.badRequest(f + " in Healthcheck cannot be less than 1ms");
      }
    }
    if (hc.path("Retries").asLong(0) < 0) {
      throw ApiException.badRequest("Retries in Healthcheck cannot be negative");
    }
  }

  /**
   * The command a probe runs: CMD's arguments as they are, CMD-SHELL's through {@code /bin/sh -c};
   * null when there is nothing to probe (no test, NONE, or a type Docker does not know either).
   */
  List<String> probeCommand() {
    if (test.isEmpty()) {
      return null;
    }
    List<String> rest = test.subList(1, test.size());
    return switch (test.get(0)) {
      case "CMD" -> rest.isEmpty() ? null : List.copyOf(rest);
      case "CMD-SHELL" -> {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c"));
        cmd.addAll(rest);
        yield rest.isEmpty() ? null : cmd;
      }
      default -> null;
    };
  }

  Duration interval() {
    return orDefault(intervalNanos, DEFAULT_INTERVAL);
  }

  Duration timeout() {
    return orDefault(timeoutNanos, DEFAULT_TIMEOUT);
  }

  Duration startPeriod() {
    return Duration.ofNanos(Math.max(0, startPeriodNanos));
  }

  Duration startInterval() {
    return orDefault(startIntervalNanos, DEFAULT_START_INTERVAL);
  }

  int effectiveRetries() {
    return retries <= 0 ? DEFAULT_RETRIES : retries;
  }

  private static Duration orDefault(long nanos, Duration dflt) {
    return nanos <= 0 ? dflt : Duration.ofNanos(nanos);
  }
}
