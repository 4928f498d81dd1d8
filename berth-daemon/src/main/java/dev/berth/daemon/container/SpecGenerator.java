package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import java.util.List;

/**
 * Writes the OCI runtime spec (config.json) for a container: its process, its root, its mounts and
 * Docker's default isolation (namespaces, capability set, masked and read-only /proc paths, a
 * minimal /dev with the device cgroup allowing only the standard character devices).
 * {@link HostSettings} then adds what the host config asks for: limits, capabilities, seccomp,
 * devices, sysctls, privileged mode.
 */
final class SpecGenerator {
  /** Docker's default capability set; {@link HostSettings} applies the container's own. */
  static final List<String> DEFAULT_CAPS = Capabilities.DEFAULT;
  private static final List<String> MASKED = List.of("/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore",
      "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
      "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");
  private static final List<String> READONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
      "/proc/sysrq-trigger");
  /** char devices every container may use: null, zero, full, random, urandom, tty, console, ptmx, pts. */
  private static final List<int[]> ALLOWED_CHAR_DEVICES = List.of(new int[] {1, 3}, new int[] {1, 5},
      new int[] {1, 7}, new int[] {1, 8}, new int[] {1, 9}, new int[] {5, 0}, new int[] {5, 1}, new int[] {5, 2},
      new int[] {136, -1}, new int[] {10, 200});

  /** Everything the spec needs besides the container itself. */
  record Inputs(ContainerPaths paths, UserResolver.Ids user, List<String> env, String cwd, boolean hostNetwork,
      boolean unifiedCgroups, String netnsPath) {}

  private SpecGenerator() {}

  static ObjectNode generate(Container c, Inputs in) {
    ObjectNode spec = Json.plain().createObjectNode();
    spec.put("ociVersion", "1.0.2");
    ObjectNode process = spec.putObject("process");
    process.put("terminal", c.tty());
    int[] consoleSize = c.tty() ? ExecService.size(c.hostConfig.get("ConsoleSize")) : null;
    if (consoleSize != null) {
      // the first size, before any resize request arrives (docker 28 sends it on create)
      ObjectNode cs = process.putObject("consoleSize");
      cs.put("height", consoleSize[0]);
      cs.put("width", consoleSize[1]);
    }
    ObjectNode user = process.putObject("user");
    user.put("uid", in.user().uid());
    user.put("gid", in.user().gid());
    if (!in.user().additionalGids().isEmpty()) {
      ArrayNode gids = user.putArray("additionalGids");
      in.user().additionalGids().forEach(gids::add);
    }
    ArrayNode args = process.putArray("args");
    args.add(c.path);
    c.args.forEach(args::add);
    ArrayNode env = process.putArray("env");
    in.env().forEach(env::add);
    process.put("cwd", in.cwd());
    ObjectNode caps = process.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      ArrayNode a = caps.putArray(set);
      DEFAULT_CAPS.forEach(a::add);
    }
    process.put("noNewPrivileges", false);
    process.put("oomScoreAdj", 0);

    ObjectNode root = spec.putObject("root");
    root.put("path", in.paths().rootfs().toString());
    root.put("readonly", c.hostConfig.path("ReadonlyRootfs").asBoolean(false));
    spec.put("hostname", c.config.path("Hostname").asText());

    ArrayNode mounts = spec.putArray("mounts");
    mount(mounts, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
    mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
    mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620",
        "gid=5");
    mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
    mount(mounts, "/sys/fs/cgroup", "cgroup", "cgroup", "ro", "nosuid", "noexec", "nodev");
    mount(mounts, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
    long shm = c.hostConfig.path("ShmSize").asLong(0);
    mount(mounts, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777",
        "size=" + (shm > 0 ? shm : 64L * 1024 * 1024));
    bind(mounts, in.paths().resolvConf().toString(), "/etc/resolv.conf");
    bind(mounts, in.paths().hostname().toString(), "/etc/hostname");
    bind(mounts, in.paths().hosts().toString(), "/etc/hosts");
    for (MountPoint m : VolumeMounts.mountsOf(c)) {
      List<String> options = new java.util.ArrayList<>();
      if (m.type().equals("tmpfs")) {
        options.addAll(List.of("nosuid", "nodev", "noexec"));
      } else {
        options.addAll(List.of("rbind", MountRequests.propagation(m.options())));
      }
      options.add(m.rw() ? "rw" : "ro");
      m.options().stream().filter(o -> !MountRequests.PROPAGATIONS.contains(o)).forEach(options::add);
      String type = m.type().equals("tmpfs") ? "tmpfs" : "bind";
      mount(mounts, m.destination(), type, m.type().equals("tmpfs") ? "tmpfs" : m.source(),
          options.toArray(String[]::new));
    }

    ObjectNode linux = spec.putObject("linux");
    ArrayNode ns = linux.putArray("namespaces");
    for (String type : List.of("pid", "ipc", "uts", "mount")) {
      ns.addObject().put("type", type);
    }
    if (!in.hostNetwork()) {
      ObjectNode net = ns.addObject().put("type", "network");
      if (in.netnsPath() != null) {
        // the namespace netavark has set up (bridge networking); else a new, empty one
        net.put("path", in.netnsPath());
      }
    }
    if (in.unifiedCgroups()) {
      ns.addObject().put("type", "cgroup");
    }
    linux.put("cgroupsPath", "/berth/" + c.id);
    ObjectNode resources = linux.putObject("resources");
    ArrayNode devices = resources.putArray("devices");
    devices.addObject().put("allow", false).put("access", "rwm");
    for (int[] d : ALLOWED_CHAR_DEVICES) {
      ObjectNode rule = devices.addObject().put("allow", true).put("type", "c").put("major", d[0]);
      if (d[1] >= 0) {
        rule.put("minor", d[1]);
      }
      rule.put("access", "rwm");
    }
    ArrayNode masked = linux.putArray("maskedPaths");
    MASKED.forEach(masked::add);
    ArrayNode readonly = linux.putArray("readonlyPaths");
    READONLY.forEach(readonly::add);
    InitProcess.apply(c, spec);
    return spec;
  }

  private static void mount(ArrayNode mounts, String dest, String type, String source, String... options) {
    ObjectNode m = mounts.addObject();
    m.put("destination", dest);
    m.put("type", type);
    m.put("source", source);
    ArrayNode o = m.putArray("options");
    for (String opt : options) {
      o.add(opt);
    }
  }

  private static void bind(ArrayNode mounts, String source, String dest) {
    mount(mounts, dest, "bind", source, "rbind", "rprivate");
  }

  static List<String> asStrings(JsonNode array) {
    if (array == null || !array.isArray()) {
      return List.of();
    }
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
