package dev.berth.compose.load;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The structural checks of compose-spec's schema that matter most, with its wording
 * ({@code services.web.ports must be a list}): the top-level keys, services as mappings, and the
 * type of each service key whose type compose fixes.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  private static final Set<String> TOP = Set.of("version", "name", "include", "services", "networks", "volumes",
      "secrets", "configs", "models");
  private static final Set<String> LISTS = Set.of("ports", "expose", "cap_add", "cap_drop", "devices", "dns_search",
      "security_opt", "profiles", "secrets", "configs", "volumes", "links", "external_links", "group_add", "volumes_from");
  private static final Set<String> MAPS = Set.of("deploy", "healthcheck", "logging", "ulimits", "blkio_config",
      "develop", "credential_spec");
  private static final Set<String> STRINGS = Set.of("image", "container_name", "hostname", "user", "working_dir",
      "restart", "network_mode", "pid", "ipc", "stop_signal", "stop_grace_period", "platform", "pull_policy",
      "domainname", "mac_address", "cgroup_parent", "runtime", "shm_size", "userns_mode");

  static void validate(Map<String, Object> model) {
    for (String k : model.keySet()) {
      if (!TOP.contains(k) && !k.startsWith("x-")) {
        throw new ComposeException("(root) Additional property " + k + " is not allowed");
      }
    }
    Object services = model.get("services");
    if (services != null && !(services instanceof Map)) {
      throw new ComposeException("services must be a mapping");
    }
    for (String section : List.of("networks", "volumes", "secrets", "configs")) {
      if (model.get(section) != null && !(model.get(section) instanceof Map)) {
        throw new ComposeException(section + " must be a mapping");
      }
    }
    if (services == null) {
      return;
    }
    for (Map.Entry<?, ?> e : ((Map<?, ?>) services).entrySet()) {
      String p = "services." + e.getKey();
      if (e.getValue() == null) {
        continue;
      }
      if (!(e.getValue() instanceof Map<?, ?> svc)) {
        throw new ComposeException(p + " must be a mapping");
      }
      for (Map.Entry<?, ?> f : svc.entrySet()) {
        String k = String.valueOf(f.getKey());
        Object v = f.getValue();
        if (v == null) {
          continue;
        }
        if (LISTS.contains(k) && !(v instanceof List)) {
          throw new ComposeException(p + "." + k + " must be a list");
        }
        if (MAPS.contains(k) && !(v instanceof Map)) {
          throw new ComposeException(p + "." + k + " must be a mapping");
        }
        if (STRINGS.contains(k) && (v instanceof Map || v instanceof List)) {
          throw new ComposeException(p + "." + k + " must be a string");
        }
        if ((k.equals("environment") || k.equals("labels") || k.equals("networks") || k.equals("depends_on")
            || k.equals("sysctls") || k.equals("extra_hosts")) && !(v instanceof Map || v instanceof List)) {
          throw new ComposeException(p + "." + k + " must be a mapping or a list");
        }
        if ((k.equals("command") || k.equals("entrypoint") || k.equals("dns") || k.equals("tmpfs") || k.equals("env_file"))
            && (v instanceof Map)) {
          throw new ComposeException(p + "." + k + " must be a string or a list");
        }
      }
    }
  }
}
