package dev.berth.compose.engine;

import dev.berth.compose.load.ComposeException;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's HostConfig: mounts (named and anonymous volumes and binds as Binds, which every
 * daemon creates missing bind sources for, tmpfs as Mounts), file secrets and configs as
 * read-only binds, published ports, restart policy, resources and the security and namespace
 * settings, each mapped as compose v2 maps it.
 */
final class HostConfigSpec {
  private final Project project;
  private final Service service;

  HostConfigSpec(Project project, Service service) {
    this.project = project;
    this.service = service;
  }

  Map<String, Object> build() {
    Map<String, Object> h = new LinkedHashMap<>();
    Map<String, Object> svc = service.spec();
    List<String> binds = new ArrayList<>();
    List<Object> mounts = new ArrayList<>();
    for (Object o : service.list("volumes")) {
      Map<?, ?> v = (Map<?, ?>) o;
      String type = String.valueOf(v.get("type"));
      String target = String.valueOf(v.get("target"));
      boolean ro = Boolean.TRUE.equals(v.get("read_only"));
      switch (type) {
        case "bind" -> binds.add(v.get("source") + ":" + target + (ro ? ":ro" : ""));
        case "volume" -> {
          if (v.get("source") == null) {
            binds.add(target);
          } else {
            Map<String, Object> vol = project.volume(String.valueOf(v.get("source")));
            binds.add(vol.get("name") + ":" + target + (ro ? ":ro" : ""));
          }
        }
        case "tmpfs" -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("Type", "tmpfs");
          m.put("Target", target);
          if (v.get("tmpfs") instanceof Map<?, ?> t && t.get("size") != null) {
            m.put("TmpfsOptions", Map.of("SizeBytes", Sizes.bytes(String.valueOf(t.get("size")))));
          }
          mounts.add(m);
        }
        default -> throw new ComposeException("services." + service.name() + ".volumes: unsupported type " + type);
      }
    }
    fileRefs("secrets", "/run/secrets/", binds);
    fileRefs("configs", "/", binds);
    if (!binds.isEmpty()) {
      h.put("Binds", binds);
    }
    if (!mounts.isEmpty()) {
      h.put("Mounts", mounts);
    }
    Map<String, Object> bindings = new LinkedHashMap<>();
    for (Object o : service.list("ports")) {
      Map<?, ?> p = (Map<?, ?>) o;
      String key = p.get("target") + "/" + p.get("protocol");
      @SuppressWarnings("unchecked")
      List<Object> l = (List<Object>) bindings.computeIfAbsent(key, k -> new ArrayList<>());
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("HostIp", p.get("host_ip") == null ? "" : String.valueOf(p.get("host_ip")));
      b.put("HostPort", p.get("published") == null ? "" : String.valueOf(p.get("published")));
      l.add(b);
    }
    if (!bindings.isEmpty()) {
      h.put("PortBindings", bindings);
    }
    h.put("RestartPolicy", restartPolicy());
    String mode = service.string("network_mode");
    if (mode != null) {
      if (mode.startsWith("service:")) {
        throw new ComposeException("services." + service.name() + ".network_mode: service: is resolved at create");
      }
      h.put("NetworkMode", mode);
    } else if (!service.networks().isEmpty()) {
      h.put("NetworkMode", project.network(service.networks().get(0)).get("name"));
    }
    copy(svc, h, "init", "Init");
    copy(svc, h, "privileged", "Privileged");
    copy(svc, h, "read_only", "ReadonlyRootfs");
    copyList(h, "cap_add", "CapAdd");
    copyList(h, "cap_drop", "CapDrop");
    copyList(h, "security_opt", "SecurityOpt");
    copyList(h, "dns", "Dns");
    copyList(h, "dns_search", "DnsSearch");
    copyList(h, "dns_opt", "DnsOptions");
    copyList(h, "extra_hosts", "ExtraHosts");
    copyList(h, "group_add", "GroupAdd");
    put(h, "PidMode", service.string("pid"));
    put(h, "IpcMode", service.string("ipc"));
    put(h, "UsernsMode", service.string("userns_mode"));
    put(h, "CgroupParent", service.string("cgroup_parent"));
    put(h, "Runtime", service.string("runtime"));
    if (service.string("shm_size") != null) {
      h.put("ShmSize", Sizes.bytes(service.string("shm_size")));
    }
    if (!service.map("sysctls").isEmpty()) {
      h.put("Sysctls", service.map("sysctls"));
    }
    if (!service.strings("tmpfs").isEmpty()) {
      Map<String, Object> tmpfs = new LinkedHashMap<>();
      for (String t : service.strings("tmpfs")) {
        int c = t.indexOf(':');
        tmpfs.put(c < 0 ? t : t.substring(0, c), c < 0 ? "" : t.substring(c + 1));
      }
      h.put("Tmpfs", tmpfs);
    }
    List<Object> devices = new ArrayList<>();
    for (String d : service.strings("devices")) {
      String[] p = d.split(":");
      devices.add(Map.of("PathOnHost", p[0], "PathInContainer", p.length > 1 ? p[1] : p[0], "CgroupPermissions",
          p.length > 2 ? p[2] : "rwm"));
    }
    if (!devices.isEmpty()) {
      h.put("Devices", devices);
    }
    List<Object> ulimits = new ArrayList<>();
    for (Map.Entry<String, Object> e : service.map("ulimits").entrySet()) {
      long soft;
      long hard;
      if (e.getValue() instanceof Map<?, ?> m) {
        soft = ((Number) m.get("soft")).longValue();
        hard = ((Number) m.get("hard")).longValue();
      } else {
        soft = hard = ((Number) e.getValue()).longValue();
      }
      ulimits.add(Map.of("Name", e.getKey(), "Soft", soft, "Hard", hard));
    }
    if (!ulimits.isEmpty()) {
      h.put("Ulimits", ulimits);
    }
    Map<String, Object> logging = service.map("logging");
    if (!logging.isEmpty()) {
      Map<String, Object> lc = new LinkedHashMap<>();
      lc.put("Type", logging.getOrDefault("driver", "json-file"));
      lc.put("Config", logging.getOrDefault("options", Map.of()));
      h.put("LogConfig", lc);
    }
    resources(h);
    return h;
  }

  @SuppressWarnings("unchecked")
  private void resources(Map<String, Object> h) {
    Map<String, Object> deploy = service.map("deploy");
    Map<String, Object> limits = deploy.get("resources") instanceof Map<?, ?> r && r.get("limits") instanceof Map<?, ?> l
        ? (Map<String, Object>) l : Map.of();
    Map<String, Object> reservations = deploy.get("resources") instanceof Map<?, ?> r2
        && r2.get("reservations") instanceof Map<?, ?> l2 ? (Map<String, Object>) l2 : Map.of();
    Object mem = service.spec().get("mem_limit") != null ? service.spec().get("mem_limit") : limits.get("memory");
    if (mem != null) {
      h.put("Memory", Sizes.bytes(String.valueOf(mem)));
    }
    if (reservations.get("memory") != null) {
      h.put("MemoryReservation", Sizes.bytes(String.valueOf(reservations.get("memory"))));
    }
    Object cpus = service.spec().get("cpus") != null ? service.spec().get("cpus") : limits.get("cpus");
    if (cpus != null) {
      h.put("NanoCpus", (long) (Double.parseDouble(String.valueOf(cpus)) * 1e9));
    }
    Object pids = service.spec().get("pids_limit") != null ? service.spec().get("pids_limit") : limits.get("pids");
    if (pids instanceof Number n) {
      h.put("PidsLimit", n.longValue());
    }
    if (service.spec().get("cpu_shares") instanceof Number n) {
      h.put("CpuShares", n.longValue());
    }
  }

  private Map<String, Object> restartPolicy() {
    String r = service.string("restart");
    Map<String, Object> p = new LinkedHashMap<>();
    if (r == null && service.map("deploy").get("restart_policy") instanceof Map<?, ?> rp) {
      String cond = String.valueOf(((Map<?, ?>) rp).get("condition"));
      r = switch (cond) {
        case "none" -> "no";
        case "on-failure" -> "on-failure";
        default -> "always";
      };
      if (rp.get("max_attempts") instanceof Number n) {
        p.put("MaximumRetryCount", n.longValue());
      }
    }
    if (r == null || r.equals("no")) {
      p.put("Name", "no");
      return p;
    }
    int colon = r.indexOf(':');
    p.put("Name", colon < 0 ? r : r.substring(0, colon));
    if (colon >= 0) {
      p.put("MaximumRetryCount", Long.parseLong(r.substring(colon + 1)));
    }
    return p;
  }

  private void fileRefs(String kind, String defaultDir, List<String> binds) {
    for (Object o : service.list(kind)) {
      Map<?, ?> ref = (Map<?, ?>) o;
      String source = String.valueOf(ref.get("source"));
      Map<String, Object> defs = project.section(kind);
      if (!(defs.get(source) instanceof Map<?, ?> def)) {
        throw new ComposeException("service \"" + service.name() + "\" refers to undefined " + kind.substring(0, kind.length() - 1)
            + " " + source + ": invalid compose project");
      }
      if (def.get("file") == null) {
        throw new ComposeException(kind + "." + source + ": only file-based " + kind + " are supported");
      }
      String target = ref.get("target") == null ? defaultDir + source : String.valueOf(ref.get("target"));
      if (!target.startsWith("/")) {
        target = defaultDir + target;
      }
      binds.add(def.get("file") + ":" + target + ":ro");
    }
  }

  private static void copy(Map<String, Object> svc, Map<String, Object> h, String key, String apiKey) {
    if (svc.get(key) != null) {
      h.put(apiKey, svc.get(key));
    }
  }

  private void copyList(Map<String, Object> h, String key, String apiKey) {
    if (!service.strings(key).isEmpty()) {
      h.put(apiKey, service.strings(key));
    }
  }

  private static void put(Map<String, Object> h, String key, String value) {
    if (value != null) {
      h.put(key, value);
    }
  }
}
