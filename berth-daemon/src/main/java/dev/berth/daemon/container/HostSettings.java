package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * Where the resource and security parts of {@code HostConfig} meet the container's life: checked
 * (and given Docker's defaults) once at create so that a bad value fails there with one clear line,
 * and written into the OCI spec at each start.
 */
final class HostSettings {
  private HostSettings() {}

  /** Refuses what Docker refuses at create and fills in Docker's defaults, in the stored host config. */
  static void checkAtCreate(ObjectNode hostConfig, String networkMode) throws IOException {
    ResourceLimits.checkAndNormalize(hostConfig);
    Ulimits.validate(hostConfig);
    Capabilities.validate(hostConfig);
    Capabilities.of(hostConfig);
    SecurityOptions.of(hostConfig);
    Sysctls.validate(hostConfig, networkMode);
    DeviceRequests.validate(hostConfig);
  }

  /**
   * Writes capabilities, no-new-privileges, rlimits, seccomp, sysctls, devices and limits into a
   * spec SpecGenerator made with Docker's default isolation; {@code --privileged} lifts that
   * isolation: every capability berthd holds, every host device, no seccomp, nothing masked, /sys
   * writable.
   */
  static void apply(ObjectNode spec, ObjectNode hostConfig, List<Integer> extraGroups) throws IOException {
    boolean privileged = hostConfig.path("Privileged").asBoolean(false);
    SecurityOptions security = SecurityOptions.of(hostConfig);
    ObjectNode process = (ObjectNode) spec.get("process");
    ObjectNode linux = (ObjectNode) spec.get("linux");
    List<String> caps = Capabilities.of(hostConfig);
    ObjectNode capabilities = process.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      ArrayNode a = capabilities.putArray(set);
      caps.forEach(a::add);
    }
    process.put("noNewPrivileges", security.noNewPrivileges());
    String appArmor = AppArmor.profileFor(security, privileged, LinuxSecurityModules.host());
    if (appArmor != null) {
      if (appArmor.equals(AppArmor.DEFAULT)) {
        AppArmor.ensureDefaultLoaded();
      }
      process.put("apparmorProfile", appArmor);
    }
    process.put("oomScoreAdj", hostConfig.path("OomScoreAdj").asInt(0));
    ArrayNode rlimits = Ulimits.toOci(hostConfig);
    if (rlimits != null) {
      process.set("rlimits", rlimits);
    }
    if (!extraGroups.isEmpty()) {
      ObjectNode user = (ObjectNode) process.get("user");
      ArrayNode gids = user.has("additionalGids") ? (ArrayNode) user.get("additionalGids")
          : user.putArray("additionalGids");
      for (int g : extraGroups) {
        boolean present = false;
        for (var n : gids) {
          present |= n.asInt() == g;
        }
        if (!present) {
          gids.add(g);
        }
      }
    }
    ObjectNode seccomp = SeccompProfile.forContainer(security, privileged, caps);
    if (seccomp != null) {
      linux.set("seccomp", seccomp);
    }
    ObjectNode sysctl = Sysctls.toOci(hostConfig);
    if (sysctl != null) {
      linux.set("sysctl", sysctl);
    }
    ObjectNode resources = (ObjectNode) linux.get("resources");
    ArrayNode rules = (ArrayNode) resources.get("devices");
    if (privileged) {
      rules.addObject().put("allow", true).put("access", "rwm");
      DeviceRequests.toOci(DeviceRequests.host(), linux, rules.arrayNode());
    }
    DeviceRequests.toOci(DeviceRequests.requested(hostConfig), linux, rules);
    ResourceLimits.toOci(hostConfig, resources);
    if (privileged || security.unmaskedPaths()) {
      linux.putArray("maskedPaths");
      linux.putArray("readonlyPaths");
    }
    if (privileged) {
      for (var m : spec.withArray("mounts")) {
        String dest = m.path("destination").asText();
        if (dest.equals("/sys") || dest.equals("/sys/fs/cgroup")) {
          ArrayNode options = (ArrayNode) m.get("options");
          for (int i = 0; i < options.size(); i++) {
            if (options.get(i).asText().equals("ro")) {
              options.set(i, "rw");
            }
          }
        }
      }
    }
  }
}
