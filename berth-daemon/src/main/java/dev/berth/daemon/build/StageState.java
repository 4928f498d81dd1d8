package dev.berth.daemon.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.image.ImageRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a stage stands between two steps: the image made so far, the run configuration the next
 * image will carry, and the ARGs in scope. Environment variables live in the config's {@code Env},
 * as in the image; ARGs only in the build.
 */
final class StageState {
  static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

  /** The image the next step starts from. */
  ImageRecord image;
  /** The run configuration (Cmd, Env, WorkingDir, ...) the next image gets. */
  ObjectNode config;
  /** ARGs declared in this stage, with their values (build-arg, default, or the meta ARG's). */
  final Map<String, String> args = new LinkedHashMap<>();
  /** Whether CMD was set in this stage (ENTRYPOINT then keeps it; otherwise clears an inherited one). */
  boolean cmdSetHere;
  /** The image's author (MAINTAINER). */
  String author;

  StageState(ImageRecord image) {
    this.image = image;
    this.config = image == null ? Json.plain().createObjectNode() : image.runConfig().deepCopy();
    if (image != null) {
      this.author = image.config().path("author").asText(null);
    }
  }

  /** The config's environment as a map, in order. */
  Map<String, String> env() {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode e : config.path("Env")) {
      String s = e.asText();
      int eq = s.indexOf('=');
      out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
    }
    return out;
  }

  void setEnv(String key, String value) {
    Map<String, String> env = env();
    env.put(key, value);
    ArrayNode arr = config.putArray("Env");
    env.forEach((k, v) -> arr.add(k + "=" + v));
  }

  /** What variables expand to: the stage's ARGs, with the environment taking precedence. */
  Map<String, String> vars() {
    Map<String, String> out = new LinkedHashMap<>(args);
    out.putAll(env());
    return out;
  }

  /** The environment a RUN sees: the config's, plus the ARGs the environment does not override. */
  List<String> runEnv() {
    List<String> out = new ArrayList<>();
    vars().forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  /** The ARGs a RUN's cache key includes, as Docker writes them before the command ({@code |2 A=1 B=2}). */
  String argsPrefix() {
    Map<String, String> env = env();
    List<String> pairs = new ArrayList<>();
    args.forEach((k, v) -> {
      if (!env.containsKey(k)) {
        pairs.add(k + "=" + v);
      }
    });
    return pairs.isEmpty() ? "" : "|" + pairs.size() + " " + String.join(" ", pairs) + " ";
  }

  List<String> shell() {
    List<String> out = new ArrayList<>();
    config.path("Shell").forEach(s -> out.add(s.asText()));
    return out.isEmpty() ? DEFAULT_SHELL : out;
  }

  String workdir() {
    String w = config.path("WorkingDir").asText("");
    return w.isEmpty() ? "/" : w;
  }

  ObjectNode child(String key) {
    JsonNode n = config.get(key);
    return n instanceof ObjectNode o ? o : config.putObject(key);
  }

  ArrayNode strings(List<String> values) {
    ArrayNode a = Json.plain().createArrayNode();
    values.forEach(a::add);
    return a;
  }
}
