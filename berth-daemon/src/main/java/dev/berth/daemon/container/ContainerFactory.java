package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.image.ImageRecord;
import dev.berth.daemon.server.ApiException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds a new {@link Container} from a create request and its image, merging the two the way
 * Docker does: the request wins field by field, environment variables merge by key, labels and
 * exposed ports merge, and an entrypoint given on create drops the image's default command.
 */
final class ContainerFactory {
  static final Pattern VALID_NAME = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ContainerFactory() {}

  static String newId() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static String validateName(String name) {
    if (!VALID_NAME.matcher(name).matches()) {
      throw ApiException.badRequest("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }
    return name.startsWith("/") ? name.substring(1) : name;
  }

  static Container build(String id, String name, ObjectNode request, ImageRecord image) {
    ObjectNode imageConfig = image.runConfig();
    ObjectNode config = Json.plain().createObjectNode();
    String hostname = text(request, "Hostname");
    config.put("Hostname", hostname.isEmpty() ? id.substring(0, 12) : hostname);
    config.put("Domainname", text(request, "Domainname"));
    if (!text(request, "MacAddress").isEmpty()) {
      config.put("MacAddress", text(request, "MacAddress"));
    }
    config.put("User", request.hasNonNull("User") && !text(request, "User").isEmpty() ? text(request, "User")
        : imageConfig.path("User").asText(""));
    for (String f : List.of("AttachStdin", "AttachStdout", "AttachStderr", "Tty", "OpenStdin", "StdinOnce")) {
      config.put(f, request.path(f).asBoolean(false));
    }
    config.set("ExposedPorts", mergeObjects(imageConfig.get("ExposedPorts"), request.get("ExposedPorts")));
    config.set("Env", mergeEnv(imageConfig.get("Env"), request.get("Env")));

    // as Docker: an explicit empty entrypoint clears the image's, but only a non-empty one also
    // drops the image's default command
    boolean entrypointGiven = request.hasNonNull("Entrypoint");
    JsonNode entrypoint = entrypointGiven ? normalizeCommand(request.get("Entrypoint"))
        : normalizeCommand(imageConfig.get("Entrypoint"));
    entrypointGiven = entrypointGiven && entrypoint != null;
    JsonNode cmd = normalizeCommand(request.get("Cmd"));
    if (cmd == null && !entrypointGiven) {
      cmd = normalizeCommand(imageConfig.get("Cmd"));
    }
    config.set("Cmd", cmd);
    config.put("Image", text(request, "Image"));
    config.set("Volumes", mergeObjects(imageConfig.get("Volumes"), request.get("Volumes")));
    String wd = text(request, "WorkingDir");
    config.put("WorkingDir", wd.isEmpty() ? imageConfig.path("WorkingDir").asText("") : wd);
    config.set("Entrypoint", entrypoint);
    config.set("OnBuild", null);
    ObjectNode labels = mergeObjects(imageConfig.get("Labels"), request.get("Labels"));
    config.set("Labels", labels == null ? Json.plain().createObjectNode() : labels);
    String stopSignal = text(request, "StopSignal");
    if (stopSignal.isEmpty()) {
      stopSignal = imageConfig.path("StopSignal").asText("");
    }
    if (!stopSignal.isEmpty()) {
      config.put("StopSignal", stopSignal);
    }
    if (request.hasNonNull("StopTimeout")) {
      config.put("StopTimeout", request.get("StopTimeout").asInt());
    }
    ObjectNode healthcheck = HealthConfig.merge(imageConfig.get("Healthcheck"), request.get("Healthcheck"));
    if (healthcheck != null) {
      config.set("Healthcheck", healthcheck);
    }

    List<String> command = new ArrayList<>();
    if (entrypoint != null) {
      entrypoint.forEach(n -> command.add(n.asText()));
    }
    if (cmd != null) {
      cmd.forEach(n -> command.add(n.asText()));
    }
    if (command.isEmpty()) {
      throw ApiException.badRequest("no command specified");
    }
    Signals.number(stopSignal.isEmpty() ? "SIGTERM" : stopSignal);

    ObjectNode hostConfig = request.get("HostConfig") instanceof ObjectNode h ? h.deepCopy()
        : Json.plain().createObjectNode();
    String mode = hostConfig.path("NetworkMode").asText("");
    if (mode.isEmpty() || mode.equals("default")) {
      mode = "bridge";
    }
    hostConfig.put("NetworkMode", mode);
    // bad port specifications are refused now rather than at start
    dev.berth.daemon.network.PortRequests.of(hostConfig, config.get("ExposedPorts"));

    Container c = new Container();
    c.id = id;
    c.name = name;
    c.created = Instant.now();
    c.imageId = image.id();
    c.image = text(request, "Image");
    c.config = config;
    c.hostConfig = hostConfig;
    c.networkMode = mode;
    // the endpoint settings for its network (aliases, a static address), as the create request gave them
    JsonNode endpoints = request.path("NetworkingConfig").path("EndpointsConfig");
    String finalMode = mode;
    String rawMode = request.path("HostConfig").path("NetworkMode").asText("");
    // the docker CLI names the default network "default" in both places
    java.util.function.Predicate<String> isMode = k -> k.equals(finalMode) || k.equals(rawMode)
        || (finalMode.equals("bridge") && k.equals("default"));
    JsonNode mine = null;
    for (var it = endpoints.fields(); it.hasNext(); ) {
      var e = it.next();
      if (isMode.test(e.getKey())) {
        mine = e.getValue();
      }
    }
    c.endpointConfig = mine instanceof ObjectNode o ? o.deepCopy() : null;
    for (JsonNode e : endpoints) {
      e.path("Aliases").forEach(a -> dev.berth.daemon.network.NetworkNames.requireValidAlias(a.asText()));
    }
    // every other network named there is joined too, as eth1, eth2, ... (API 1.44 and later)
    for (var it = endpoints.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!isMode.test(e.getKey())) {
        ObjectNode extra = e.getValue() instanceof ObjectNode o ? o.deepCopy() : Json.plain().createObjectNode();
        extra.put("Name", e.getKey());
        if (c.extraNetworks == null) {
          c.extraNetworks = Json.plain().createArrayNode();
        }
        c.extraNetworks.add(extra);
      }
    }
    c.path = command.get(0);
    c.args = command.subList(1, command.size());
    c.args = new ArrayList<>(c.args);
    return c;
  }

  /** The process environment: PATH defaulted, HOSTNAME first as Docker sets it, TERM for TTYs. */
  static List<String> processEnv(Container c) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOSTNAME", c.config.path("Hostname").asText());
    for (JsonNode e : c.config.path("Env")) {
      String s = e.asText();
      int eq = s.indexOf('=');
      env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
    }
    env.putIfAbsent("PATH", DEFAULT_PATH);
    if (c.tty()) {
      env.putIfAbsent("TERM", "xterm");
    }
    List<String> out = new ArrayList<>();
    env.forEach((k, v) -> {
      if (v != null) {
        out.add(k + "=" + v);
      }
    });
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  /** Docker accepts a command as an array or (old clients) a string; empty means absent. */
  private static JsonNode normalizeCommand(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    ArrayNode out = Json.plain().createArrayNode();
    if (n.isTextual()) {
      if (n.asText().isEmpty()) {
        return null;
      }
      out.add(n.asText());
      return out;
    }
    if (!n.isArray()) {
      throw ApiException.badRequest("invalid command: expected an array of strings");
    }
    n.forEach(v -> out.add(v.asText()));
    return out.isEmpty() ? null : out;
  }

  private static ObjectNode mergeObjects(JsonNode base, JsonNode over) {
    if ((base == null || !base.isObject()) && (over == null || !over.isObject())) {
      return null;
    }
    ObjectNode out = Json.plain().createObjectNode();
    if (base != null && base.isObject()) {
      out.setAll((ObjectNode) base);
    }
    if (over != null && over.isObject()) {
      out.setAll((ObjectNode) over);
    }
    return out;
  }

  private static ArrayNode mergeEnv(JsonNode base, JsonNode over) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode src : new JsonNode[] {base, over}) {
      if (src != null && src.isArray()) {
        for (JsonNode e : src) {
          String s = e.asText();
          int eq = s.indexOf('=');
          env.put(eq < 0 ? s : s.substring(0, eq), s);
        }
      }
    }
    ArrayNode out = Json.plain().createArrayNode();
    env.values().forEach(out::add);
    return out;
  }
}
