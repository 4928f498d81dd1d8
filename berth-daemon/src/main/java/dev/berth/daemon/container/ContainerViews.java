package dev.berth.daemon.container;

import dev.berth.daemon.store.DiskUsage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.network.Endpoint;
import dev.berth.daemon.network.PortMapping;
import dev.berth.daemon.util.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON a client sees for a container: the summary in {@code /containers/json} and the full
 * document of {@code /containers/{id}/json}, with Docker's field names and its conventions (names
 * with a leading slash, Go's zero time for "never", nulls where Docker has nulls).
 */
public final class ContainerViews {
  private ContainerViews() {}

  static Map<String, String> labels(Container c) {
    Map<String, String> out = new LinkedHashMap<>();
    c.config.path("Labels").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  static String command(Container c) {
    StringBuilder sb = new StringBuilder(c.path);
    for (String a : c.args) {
      sb.append(' ').append(a);
    }
    return sb.toString();
  }

  static String status(Container c, Instant now) {
    ContainerState s = c.state;
    return switch (s.status) {
      case "running" -> "Up " + dev.berth.api.HumanDuration.of(Duration.between(s.startedAt, now).toMillis())
          + (s.health != null ? " (" + s.health.summary() + ")" : "");
      case "paused" -> "Up " + dev.berth.api.HumanDuration.of(Duration.between(s.startedAt, now).toMillis()) + " (Paused)";
      case "exited" -> s.finishedAt == null ? "Exited (" + s.exitCode + ")"
          : "Exited (" + s.exitCode + ") " + dev.berth.api.HumanDuration.of(Duration.between(s.finishedAt, now).toMillis()) + " ago";
      case "restarting" -> "Restarting (" + s.exitCode + ") "
          + dev.berth.api.HumanDuration.of(Duration.between(s.finishedAt == null ? now : s.finishedAt, now).toMillis())
          + " ago";
      case "removing" -> "Removal In Progress";
      case "dead" -> "Dead";
      default -> "Created";
    };
  }

  /** Every container with the size of its writable layer, as {@code system df} lists them. */
  public static java.util.List<ObjectNode> usage(ContainerService containers) {
    java.util.List<ObjectNode> out = new java.util.ArrayList<>();
    for (Container c : containers.all()) {
      out.add(summary(c, DiskUsage.of(containers.paths(c).upper())));
    }
    return out;
  }

  static ObjectNode summary(Container c, long sizeRw) {
    ObjectNode n = Json.plain().createObjectNode();
    n.put("Id", c.id);
    n.putArray("Names").add("/" + c.name);
    n.put("Image", c.image);
    n.put("ImageID", c.imageId);
    n.put("Command", command(c));
    n.put("Created", c.created.getEpochSecond());
    ArrayNode ports = n.putArray("Ports");
    Endpoint e = ContainerService.endpointOf(c);
    if (e != null) {
      for (PortMapping p : e.ports()) {
        ports.addObject().put("IP", p.hostIp()).put("PrivatePort", p.containerPort()).put("PublicPort", p.hostPort())
            .put("Type", p.protocol());
      }
    }
    if (sizeRw >= 0) {
      n.put("SizeRw", sizeRw);
    }
    n.set("Labels", c.config.path("Labels").isObject() ? c.config.get("Labels") : n.objectNode());
    n.put("State", c.state.status);
    n.put("Status", status(c, Instant.now()));
    n.putObject("HostConfig").put("NetworkMode", c.networkMode);
    networks(n.putObject("NetworkSettings").putObject("Networks"), c);
    mounts(n.putArray("Mounts"), c);
    return n;
  }

  private static void mounts(ArrayNode out, Container c) {
    for (MountPoint m : VolumeMounts.mountsOf(c)) {
      ObjectNode o = out.addObject();
      o.put("Type", m.type());
      if (m.volume()) {
        o.put("Name", m.name());
      }
      o.put("Source", m.source());
      o.put("Destination", m.destination());
      if (m.volume()) {
        o.put("Driver", "local");
      }
      o.put("Mode", m.mode());
      o.put("RW", m.rw());
      o.put("Propagation", m.type().equals("bind") ? MountRequests.propagation(m.options()) : "");
    }
  }

  static ObjectNode inspect(Container c, ContainerPaths paths, java.util.List<String> lowerDirs, long sizeRw) {
    ObjectNode n = Json.plain().createObjectNode();
    n.put("Id", c.id);
    n.put("Created", Times.rfc3339(c.created));
    n.put("Path", c.path);
    ArrayNode args = n.putArray("Args");
    c.args.forEach(args::add);
    ObjectNode st = n.putObject("State");
    ContainerState s = c.state;
    st.put("Status", s.status);
    st.put("Running", s.running());
    st.put("Paused", s.paused());
    st.put("Restarting", s.status.equals("restarting"));
    st.put("OOMKilled", s.oomKilled);
    st.put("Dead", s.status.equals("dead"));
    st.put("Pid", s.pid);
    st.put("ExitCode", s.exitCode);
    st.put("Error", s.error == null ? "" : s.error);
    st.put("StartedAt", Times.rfc3339(s.startedAt));
    st.put("FinishedAt", Times.rfc3339(s.finishedAt));
    health(st, s.health);
    n.put("Image", c.imageId);
    n.put("ResolvConfPath", paths.resolvConf().toString());
    n.put("HostnamePath", paths.hostname().toString());
    n.put("HostsPath", paths.hosts().toString());
    n.put("LogPath", paths.log().toString());
    n.put("Name", "/" + c.name);
    n.put("RestartCount", c.restartCount);
    n.put("Driver", "overlay2");
    n.put("Platform", "linux");
    n.put("MountLabel", "");
    n.put("ProcessLabel", "");
    n.put("AppArmorProfile", AppArmor.shown(c.hostConfig));
    n.putNull("ExecIDs");
    n.set("HostConfig", hostConfig(c));
    ObjectNode gd = n.putObject("GraphDriver");
    ObjectNode data = gd.putObject("Data");
    data.put("LowerDir", String.join(":", lowerDirs));
    data.put("MergedDir", paths.rootfs().toString());
    data.put("UpperDir", paths.upper().toString());
    data.put("WorkDir", paths.work().toString());
    gd.put("Name", "overlay2");
    if (sizeRw >= 0) {
      n.put("SizeRw", sizeRw);
    }
    mounts(n.putArray("Mounts"), c);
    n.set("Config", c.config);
    ObjectNode ns = n.putObject("NetworkSettings");
    ns.put("Bridge", "");
    ns.put("SandboxID", s.running() ? c.id : "");
    ns.put("SandboxKey", s.running() && !c.networkMode.equals("host") ? "/proc/" + s.pid + "/ns/net" : "");
    Endpoint e = ContainerService.endpointOf(c);
    ObjectNode ports = ns.putObject("Ports");
    if (e != null) {
      for (PortMapping p : e.ports()) {
        ArrayNode bindings = ports.has(p.key()) ? (ArrayNode) ports.get(p.key()) : ports.putArray(p.key());
        bindings.addObject().put("HostIp", p.hostIp()).put("HostPort", Integer.toString(p.hostPort()));
      }
    }
    // exposed but unpublished ports show with null, as in Docker
    c.config.path("ExposedPorts").fieldNames().forEachRemaining(k -> {
      if (!ports.has(k)) {
        ports.putNull(k);
      }
    });
    ns.putNull("HairpinMode");
    ns.put("Gateway", e == null ? "" : e.gateway());
    ns.put("IPAddress", e == null ? "" : e.ip());
    ns.put("IPPrefixLen", e == null ? 0 : e.prefixLength());
    ns.put("MacAddress", e == null ? "" : e.mac());
    if (e != null) {
      ns.put("SandboxKey", e.netns());
    }
    ns.put("GlobalIPv6Address", e == null || e.ipv6() == null ? "" : e.ipv6());
    ns.put("GlobalIPv6PrefixLen", e == null || e.ipv6() == null ? 0 : e.ipv6PrefixLength());
    ns.put("IPv6Gateway", e == null || e.ipv6Gateway() == null ? "" : e.ipv6Gateway());
    networks(ns.putObject("Networks"), c);
    return n;
  }

  /** State.Health as Docker shows it, once a run with a health check has started. */
  private static void health(ObjectNode state, HealthState h) {
    if (h == null) {
      return;
    }
    ObjectNode n = state.putObject("Health");
    n.put("Status", h.status);
    n.put("FailingStreak", h.failingStreak);
    ArrayNode log = n.putArray("Log");
    for (HealthState.Probe p : h.log) {
      log.addObject().put("Start", Times.rfc3339(p.start)).put("End", Times.rfc3339(p.end))
          .put("ExitCode", p.exitCode).put("Output", p.output);
    }
  }

  private static JsonNode hostConfig(Container c) {
    ObjectNode h = c.hostConfig.deepCopy();
    h.putIfAbsent("NetworkMode", Json.plain().getNodeFactory().textNode(c.networkMode));
    if (!h.has("RestartPolicy") || h.path("RestartPolicy").path("Name").asText("").isEmpty()) {
      h.putObject("RestartPolicy").put("Name", "no").put("MaximumRetryCount", 0);
    }
    if (!(h.get("LogConfig") instanceof ObjectNode log)) {
      h.putObject("LogConfig").put("Type", "json-file").putObject("Config");
    } else {
      // no type means the daemon's default driver, which dockerd then reports by name
      if (log.path("Type").asText("").isEmpty()) {
        log.put("Type", "json-file");
      }
      if (!log.path("Config").isObject()) {
        log.putObject("Config");
      }
    }
    h.putIfAbsent("AutoRemove", Json.plain().getNodeFactory().booleanNode(false));
    h.putIfAbsent("Privileged", Json.plain().getNodeFactory().booleanNode(false));
    h.putIfAbsent("ReadonlyRootfs", Json.plain().getNodeFactory().booleanNode(false));
    ResourceLimits.inspectDefaults(h);
    return h;
  }

  /** A stable 64-hex identity for an attachment, as Docker's endpoint IDs look. */
  private static String endpointId(Endpoint ep) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest((ep.networkId() + ep.netns()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code NetworkSettings.Networks}: every network the container has or will have at start, with
   * the endpoint settings asked for it and, while it runs, its live addresses.
   */
  private static void networks(ObjectNode out, Container c) {
    if (c.networkMode.startsWith("container:")) {
      return;
    }
    if (!ContainerNetworking.bridged(c.networkMode)) {
      out.set(c.networkMode, endpoint(null, null));
      return;
    }
    java.util.List<Endpoint> live = ContainerService.endpointsOf(c);
    for (ContainerNetworking.Wanted w : ContainerNetworking.wanted(c)) {
      Endpoint ep = live.stream().filter(x -> x.networkName().equals(w.network())
          || (!w.network().isEmpty() && x.networkId().startsWith(w.network()))).findFirst().orElse(null);
      out.set(ep != null ? ep.networkName() : w.network(), endpoint(ep, w.settings()));
    }
  }

  private static ObjectNode endpoint(Endpoint ep, JsonNode settings) {
    ObjectNode e = Json.plain().createObjectNode();
    JsonNode given = settings == null ? Json.plain().createObjectNode() : settings;
    if (given.path("IPAMConfig").isObject() && !given.path("IPAMConfig").isEmpty()) {
      e.set("IPAMConfig", given.get("IPAMConfig"));
    } else {
      e.putNull("IPAMConfig");
    }
    if (given.path("Links").isArray() && !given.path("Links").isEmpty()) {
      e.set("Links", given.get("Links"));
    } else {
      e.putNull("Links");
    }
    ArrayNode aliases = Json.plain().createArrayNode();
    if (ep != null && ep.aliases() != null) {
      ep.aliases().stream().skip(2).forEach(aliases::add);
    } else {
      given.path("Aliases").forEach(aliases::add);
    }
    if (aliases.isEmpty()) {
      e.putNull("Aliases");
    } else {
      e.set("Aliases", aliases);
    }
    e.put("MacAddress", ep != null ? ep.mac() : given.path("MacAddress").asText(""));
    if (given.path("DriverOpts").isObject() && !given.path("DriverOpts").isEmpty()) {
      e.set("DriverOpts", given.get("DriverOpts"));
    } else {
      e.putNull("DriverOpts");
    }
    e.put("NetworkID", ep == null ? "" : ep.networkId());
    e.put("EndpointID", ep == null ? "" : endpointId(ep));
    e.put("Gateway", ep == null ? "" : ep.gateway());
    e.put("IPAddress", ep == null ? "" : ep.ip());
    e.put("IPPrefixLen", ep == null ? 0 : ep.prefixLength());
    e.put("IPv6Gateway", ep == null || ep.ipv6Gateway() == null ? "" : ep.ipv6Gateway());
    e.put("GlobalIPv6Address", ep == null || ep.ipv6() == null ? "" : ep.ipv6());
    e.put("GlobalIPv6PrefixLen", ep == null || ep.ipv6() == null ? 0 : ep.ipv6PrefixLength());
    if (ep != null && ep.aliases() != null && !ep.aliases().isEmpty()) {
      ArrayNode names = e.putArray("DNSNames");
      ep.aliases().forEach(names::add);
    } else {
      e.putNull("DNSNames");
    }
    return e;
  }
}
