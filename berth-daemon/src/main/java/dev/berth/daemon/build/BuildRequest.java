package dev.berth.daemon.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code POST /build} asks for, from its query parameters as the docker CLI and docker-java
 * send them ({@code t}, {@code dockerfile}, {@code buildargs}, {@code target}, {@code nocache},
 * {@code pull}, {@code labels}, {@code q}, {@code networkmode}, ...).
 */
record BuildRequest(List<String> tags, String dockerfile, Map<String, String> buildArgs, String target,
    boolean noCache, boolean pull, Map<String, String> labels, boolean quiet, String networkMode, String platform,
    List<String> cacheFrom, List<String> extraHosts) {

  static BuildRequest of(Exchange x) {
    List<String> tags = new ArrayList<>(x.queryAll("t"));
    // the first value, as Go's FormValue takes it: docker-py sends a Dockerfile from outside the
    // context as dockerfile=<name in the tar>&dockerfile=<its text>
    List<String> dockerfiles = x.queryAll("dockerfile");
    String dockerfile = dockerfiles.isEmpty() ? "" : dockerfiles.get(0);
    return new BuildRequest(tags, dockerfile.isEmpty() ? "Dockerfile" : dockerfile,
        stringMap(x.query("buildargs"), "buildargs"), x.query("target", ""), x.flag("nocache", false),
        x.flag("pull", false), stringMap(x.query("labels"), "labels"), x.flag("q", false),
        x.query("networkmode", ""), x.query("platform", ""), stringList(x.query("cachefrom"), "cachefrom"),
        extraHosts(x.queryAll("extrahosts")));
  }

  /** {@code ["a","b"]}, as cachefrom comes. */
  private static List<String> stringList(String json, String what) {
    List<String> out = new ArrayList<>();
    if (json == null || json.isBlank()) {
      return out;
    }
    try {
      JsonNode n = Json.plain().readTree(json);
      if (!n.isArray()) {
        throw ApiException.badRequest("invalid " + what + ": want a JSON array of strings");
      }
      n.forEach(v -> out.add(v.asText()));
    } catch (IOException e) {
      throw ApiException.badRequest("invalid " + what + ": " + e.getMessage());
    }
    return out;
  }

  /** {@code host:ip} entries: one per parameter (docker-py) or comma-separated in one (the docker CLI). */
  private static List<String> extraHosts(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      for (String h : v.split(",")) {
        if (!h.isBlank()) {
          if (h.indexOf(':') <= 0) {
            throw ApiException.badRequest("invalid extra host: " + h + " (want host:ip)");
          }
          out.add(h.strip());
        }
      }
    }
    return out;
  }

  /** {@code {"k":"v"}} as the CLI sends build args and labels; a null value (an unset arg) is dropped. */
  private static Map<String, String> stringMap(String json, String what) {
    Map<String, String> out = new LinkedHashMap<>();
    if (json == null || json.isBlank()) {
      return out;
    }
    try {
      JsonNode n = Json.plain().readTree(json);
      n.fields().forEachRemaining(e -> {
        if (!e.getValue().isNull()) {
          out.put(e.getKey(), e.getValue().asText());
        }
      });
    } catch (IOException e) {
      throw ApiException.badRequest("invalid " + what + ": " + e.getMessage());
    }
    return out;
  }
}
