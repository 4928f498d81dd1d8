package dev.berth.compose.engine;

import dev.berth.compose.load.ComposeException;
import dev.berth.compose.model.Project;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The project's networks and volumes: those its chosen services use are created with compose's
 * labels when missing; external ones must exist already. A network or volume of the same name
 * that some other project made is used with a warning, as compose v2 does.
 */
final class Resources {
  private final Engine engine;
  private final Project project;
  private final Progress progress;

  Resources(Engine engine, Project project, Progress progress) {
    this.engine = engine;
    this.project = project;
    this.progress = progress;
  }

  void ensureNetworks(Set<String> keys) throws IOException {
    for (String key : keys) {
      Map<String, Object> def = project.network(key);
      String name = String.valueOf(def.get("name"));
      Map<String, Object> existing = engine.network(name);
      if (Boolean.TRUE.equals(def.get("external"))) {
        if (existing == null) {
          throw new ComposeException("network " + name + " declared as external, but could not be found");
        }
        continue;
      }
      if (existing != null) {
        continue;
      }
      progress.working("Network", name, "Creating");
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("Name", name);
      body.put("Driver", def.getOrDefault("driver", "bridge"));
      body.put("CheckDuplicate", true);
      if (def.get("internal") != null) {
        body.put("Internal", def.get("internal"));
      }
      if (def.get("attachable") != null) {
        body.put("Attachable", def.get("attachable"));
      }
      if (def.get("enable_ipv6") != null) {
        body.put("EnableIPv6", def.get("enable_ipv6"));
      }
      if (def.get("driver_opts") instanceof Map<?, ?> o) {
        body.put("Options", o);
      }
      if (def.get("ipam") instanceof Map<?, ?> ipam) {
        body.put("IPAM", ipam(ipam));
      }
      Map<String, Object> labels = new LinkedHashMap<>();
      if (def.get("labels") instanceof Map<?, ?> l) {
        l.forEach((k, v) -> labels.put(String.valueOf(k), v));
      }
      labels.put(Labels.NETWORK, key);
      labels.put(Labels.PROJECT, project.name());
      labels.put(Labels.VERSION, Labels.COMPOSE_VERSION);
      body.put("Labels", labels);
      engine.client().postJson("/networks/create", body);
      progress.done("Network", name, "Created");
    }
  }

  private static Map<String, Object> ipam(Map<?, ?> ipam) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Driver", ipam.get("driver") == null ? "default" : ipam.get("driver"));
    if (ipam.get("config") instanceof List<?> cfgs) {
      List<Object> config = new java.util.ArrayList<>();
      for (Object o : cfgs) {
        Map<?, ?> c = (Map<?, ?>) o;
        Map<String, Object> pool = new LinkedHashMap<>();
        for (String[] k : new String[][] {{"subnet", "Subnet"}, {"ip_range", "IPRange"}, {"gateway", "Gateway"}}) {
          if (c.get(k[0]) != null) {
            pool.put(k[1], String.valueOf(c.get(k[0])));
          }
        }
        config.add(pool);
      }
      out.put("Config", config);
    }
    if (ipam.get("options") instanceof Map<?, ?> o) {
      out.put("Options", o);
    }
    return out;
  }

  void ensureVolumes(Set<String> keys) throws IOException {
    for (String key : keys) {
      Map<String, Object> def = project.volume(key);
      String name = String.valueOf(def.get("name"));
      Map<String, Object> existing = engine.volume(name);
      if (Boolean.TRUE.equals(def.get("external"))) {
        if (existing == null) {
          throw new ComposeException("external volume \"" + name + "\" not found");
        }
        continue;
      }
      if (existing != null) {
        continue;
      }
      progress.working("Volume", "\"" + name + "\"", "Creating");
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("Name", name);
      body.put("Driver", def.getOrDefault("driver", "local"));
      if (def.get("driver_opts") instanceof Map<?, ?> o) {
        body.put("DriverOpts", o);
      }
      Map<String, Object> labels = new LinkedHashMap<>();
      if (def.get("labels") instanceof Map<?, ?> l) {
        l.forEach((k, v) -> labels.put(String.valueOf(k), v));
      }
      labels.put(Labels.VOLUME, key);
      labels.put(Labels.PROJECT, project.name());
      labels.put(Labels.VERSION, Labels.COMPOSE_VERSION);
      body.put("Labels", labels);
      engine.client().postJson("/volumes/create", body);
      progress.done("Volume", "\"" + name + "\"", "Created");
    }
  }
}
