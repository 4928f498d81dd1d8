package dev.berth.compose.engine;

import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service's container as the Engine API's create body: Config, HostConfig and the first
 * network's endpoint (the others are connected before start, which works on every daemon
 * version). Labels are compose's, so the container is found again without the file.
 */
final class ContainerSpec {
  private final Project project;
  private final Service service;

  ContainerSpec(Project project, Service service) {
    this.project = project;
    this.service = service;
  }

  Map<String, Object> body(int number, String name, String imageId, String configHash, boolean oneoff) {
    Map<String, Object> b = new LinkedHashMap<>();
    Map<String, Object> svc = service.spec();
    put(b, "Hostname", service.string("hostname"));
    put(b, "Domainname", service.string("domainname"));
    put(b, "User", service.string("user"));
    b.put("Tty", Boolean.TRUE.equals(svc.get("tty")));
    b.put("OpenStdin", Boolean.TRUE.equals(svc.get("stdin_open")));
    b.put("AttachStdout", !oneoff);
    b.put("AttachStderr", !oneoff);
    List<String> env = new ArrayList<>();
    for (Map.Entry<String, Object> e : service.map("environment").entrySet()) {
      if (e.getValue() != null) {
        env.add(e.getKey() + "=" + e.getValue());
      }
    }
    b.put("Env", env);
    if (svc.get("command") != null) {
      b.put("Cmd", service.strings("command"));
    }
    if (svc.get("entrypoint") != null) {
      b.put("Entrypoint", service.strings("entrypoint"));
    }
    b.put("Image", service.image());
    put(b, "WorkingDir", service.string("working_dir"));
    put(b, "StopSignal", service.string("stop_signal"));
    if (service.string("stop_grace_period") != null) {
      b.put("StopTimeout", Durations.nanos(service.string("stop_grace_period")) / 1_000_000_000L);
    }
    Map<String, Object> exposed = new LinkedHashMap<>();
    for (String e : service.strings("expose")) {
      exposed.put(e.contains("/") ? e : e + "/tcp", Map.of());
    }
    for (Object o : service.list("ports")) {
      Map<?, ?> p = (Map<?, ?>) o;
      exposed.put(p.get("target") + "/" + p.get("protocol"), Map.of());
    }
    if (!exposed.isEmpty()) {
      b.put("ExposedPorts", exposed);
    }
    Map<String, Object> health = Healthcheck.of(service.map("healthcheck"));
    if (health != null) {
      b.put("Healthcheck", health);
    }
    b.put("Labels", labels(number, imageId, configHash, oneoff));
    b.put("HostConfig", new HostConfigSpec(project, service).build());
    Map<String, Object> endpoints = new LinkedHashMap<>();
    List<String> nets = service.networks();
    if (!nets.isEmpty() && service.string("network_mode") == null) {
      endpoints.put(project.network(nets.get(0)).get("name").toString(), endpoint(nets.get(0), name));
      b.put("NetworkingConfig", Map.of("EndpointsConfig", endpoints));
    }
    return b;
  }

  /** The endpoint settings on one network: the service name, the container name and declared aliases. */
  Map<String, Object> endpoint(String key, String containerName) {
    Map<String, Object> ep = new LinkedHashMap<>();
    List<String> aliases = new ArrayList<>();
    aliases.add(containerName);
    aliases.add(service.name());
    Object cfg = service.map("networks").get(key);
    if (cfg instanceof Map<?, ?> m) {
      if (m.get("aliases") instanceof List<?> l) {
        for (Object a : l) {
          aliases.add(String.valueOf(a));
        }
      }
      Map<String, Object> ipam = new LinkedHashMap<>();
      if (m.get("ipv4_address") != null) {
        ipam.put("IPv4Address", String.valueOf(m.get("ipv4_address")));
      }
      if (m.get("ipv6_address") != null) {
        ipam.put("IPv6Address", String.valueOf(m.get("ipv6_address")));
      }
      if (!ipam.isEmpty()) {
        ep.put("IPAMConfig", ipam);
      }
    }
    ep.put("Aliases", aliases);
    return ep;
  }

  private Map<String, Object> labels(int number, String imageId, String configHash, boolean oneoff) {
    Map<String, Object> l = new LinkedHashMap<>(service.map("labels"));
    l.put(Labels.PROJECT, project.name());
    l.put(Labels.SERVICE, service.name());
    l.put(Labels.VERSION, Labels.COMPOSE_VERSION);
    l.put(Labels.WORKING_DIR, project.workingDir().toString());
    l.put(Labels.CONFIG_FILES, project.configFilesLabel());
    if (java.nio.file.Files.isRegularFile(project.workingDir().resolve(".env"))) {
      l.put(Labels.ENVIRONMENT_FILE, project.workingDir().resolve(".env").toString());
    }
    l.put(Labels.ONEOFF, oneoff ? "True" : "False");
    l.put(Labels.CONFIG_HASH, configHash);
    l.put(Labels.NUMBER, String.valueOf(number));
    l.put(Labels.DEPENDS_ON, dependsOnLabel());
    l.put(Labels.IMAGE, imageId == null ? "" : imageId);
    return l;
  }

  /** {@code svc:condition:restart} for each dependency, comma-joined, as compose v2 writes it. */
  private String dependsOnLabel() {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Object> e : service.map("depends_on").entrySet()) {
      Map<?, ?> d = (Map<?, ?>) e.getValue();
      parts.add(e.getKey() + ":" + d.get("condition") + ":" + Boolean.TRUE.equals(d.get("restart")));
    }
    return String.join(",", parts);
  }

  private static void put(Map<String, Object> b, String key, String value) {
    if (value != null && !value.isEmpty()) {
      b.put(key, value);
    }
  }
}
