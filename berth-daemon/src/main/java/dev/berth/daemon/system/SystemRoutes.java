package dev.berth.daemon.system;

import dev.berth.api.ApiVersion;
import dev.berth.daemon.container.Container;
import dev.berth.daemon.container.ContainerService;
import dev.berth.daemon.image.ImageService;
import dev.berth.daemon.runtime.RuntimeSelector;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import dev.berth.daemon.server.Versions;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /_ping}, {@code /version} and {@code /info}: what clients read to decide how to talk to us. */
public final class SystemRoutes {
  private final ContainerService containers;
  private final ImageService images;
  private final Path dataRoot;
  private final String daemonId;

  private Map<String, Object> registryConfig = dev.berth.daemon.distribution.RegistrySettings.DEFAULT.info();
  private java.util.function.Supplier<com.fasterxml.jackson.databind.node.ObjectNode> swarmInfo = () -> {
    var o = dev.berth.api.Json.api().createObjectNode();
    o.put("NodeID", "").put("NodeAddr", "").put("LocalNodeState", "inactive").put("ControlAvailable", false)
        .put("Error", "").putArray("RemoteManagers");
    return o;
  };

  /** {@code /_ping}'s Swarm header: inactive, or active/manager, active/worker. */
  private String swarmHeader() {
    var info = swarmInfo.get();
    if (!info.path("LocalNodeState").asText().equals("active")) {
      return "inactive";
    }
    return "active/" + (info.path("ControlAvailable").asBoolean() ? "manager" : "worker");
  }

  public SystemRoutes(ContainerService containers, ImageService images, Path dataRoot, String daemonId) {
    this.containers = containers;
    this.images = images;
    this.dataRoot = dataRoot;
    this.daemonId = daemonId;
  }

  private java.util.function.Supplier<Map<String, Object>> networkInfo = Map::of;

  /** Fields of {@code info} about networks: DefaultAddressPools, and the default bridge Berth chose. */
  public SystemRoutes networkInfo(java.util.function.Supplier<Map<String, Object>> info) {
    this.networkInfo = info;
    return this;
  }

  /** What {@code info} shows as RegistryConfig: the daemon's registry flags, in Docker's shape. */
  public SystemRoutes registryConfig(Map<String, Object> config) {
    this.registryConfig = config;
    return this;
  }

  /** Where {@code /info}'s Swarm block and {@code /_ping}'s Swarm header come from. */
  public SystemRoutes swarm(java.util.function.Supplier<com.fasterxml.jackson.databind.node.ObjectNode> info) {
    this.swarmInfo = info;
    return this;
  }

  public void register(Router r) {
    r.get("/_ping", x -> x.send(HttpResponseStatus.OK, "OK".getBytes(StandardCharsets.US_ASCII), "text/plain; charset=utf-8",
        pingHeaders()));
    r.head("/_ping", x -> x.head(HttpResponseStatus.OK, pingHeaders(), 0));
    r.get("/version", x -> x.json(version()));
    r.get("/info", x -> x.json(info()));
  }

  private HttpHeaders pingHeaders() {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set("Builder-Version", "1");
    h.set("Swarm", swarmHeader());
    h.set("Cache-Control", "no-cache, no-store, must-revalidate");
    h.set("Pragma", "no-cache");
    return h;
  }

  static String kernelVersion() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
    } catch (IOException e) {
      return System.getProperty("os.version");
    }
  }

  static String arch() {
    String a = System.getProperty("os.arch");
    return a.equals("amd64") || a.equals("x86_64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
  }

  private Map<String, Object> version() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("ApiVersion", ApiVersion.CURRENT.toString());
    details.put("Arch", arch());
    details.put("BuildTime", "");
    details.put("Experimental", "false");
    details.put("GitCommit", "berth-" + Versions.BERTH);
    details.put("GoVersion", "java" + Runtime.version().feature());
    details.put("KernelVersion", kernelVersion());
    details.put("MinAPIVersion", ApiVersion.MINIMUM.toString());
    details.put("Os", "linux");
    Map<String, Object> engine = new LinkedHashMap<>();
    engine.put("Name", "Engine");
    engine.put("Version", Versions.ENGINE);
    engine.put("Details", details);
    Map<String, Object> berth = new LinkedHashMap<>();
    berth.put("Name", "berth");
    berth.put("Version", Versions.BERTH);
    berth.put("Details", Map.of("Runtime", containers.runtime().name()));
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("Platform", Map.of("Name", "Berth Engine " + Versions.BERTH));
    v.put("Components", List.of(engine, berth));
    v.put("Version", Versions.ENGINE);
    v.put("ApiVersion", ApiVersion.CURRENT.toString());
    v.put("MinAPIVersion", ApiVersion.MINIMUM.toString());
    v.put("GitCommit", "berth-" + Versions.BERTH);
    v.put("GoVersion", "java" + Runtime.version().feature());
    v.put("Os", "linux");
    v.put("Arch", arch());
    v.put("KernelVersion", kernelVersion());
    v.put("BuildTime", "");
    return v;
  }

  private Map<String, Object> info() throws Exception {
    int running = 0;
    int paused = 0;
    int stopped = 0;
    List<Container> all = containers.all();
    for (Container c : all) {
      if (c.state.paused()) {
        paused++;
      } else if (c.state.running()) {
        running++;
      } else {
        stopped++;
      }
    }
    boolean v2 = RuntimeSelector.unifiedCgroups();
    Map<String, Object> i = new LinkedHashMap<>();
    i.put("ID", daemonId);
    i.put("Containers", all.size());
    i.put("ContainersRunning", running);
    i.put("ContainersPaused", paused);
    i.put("ContainersStopped", stopped);
    i.put("Images", images.list().size());
    i.put("Driver", "overlay2");
    i.put("DriverStatus", List.of(List.of("Backing Filesystem", "extfs"), List.of("Supports d_type", "true")));
    i.put("Plugins", Map.of("Volume", List.of(), "Network", List.of("host", "none"), "Authorization", List.of(),
        "Log", List.of("json-file")));
    i.put("MemoryLimit", true);
    i.put("SwapLimit", false);
    i.put("CpuCfsPeriod", true);
    i.put("CpuCfsQuota", true);
    i.put("CPUShares", true);
    i.put("CPUSet", true);
    i.put("PidsLimit", true);
    i.put("IPv4Forwarding", true);
    i.put("Debug", false);
    i.put("NFd", countFds());
    i.put("OomKillDisable", false);
    i.put("NGoroutines", Thread.activeCount());
    i.put("SystemTime", dev.berth.daemon.util.Times.rfc3339(java.time.Instant.now()));
    i.put("LoggingDriver", "json-file");
    i.put("CgroupDriver", "cgroupfs");
    i.put("CgroupVersion", v2 ? "2" : "1");
    i.put("NEventsListener", 0);
    i.put("KernelVersion", kernelVersion());
    i.put("OperatingSystem", osName());
    i.put("OSVersion", "");
    i.put("OSType", "linux");
    i.put("Architecture", System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"));
    i.put("IndexServerAddress", "https://index.docker.io/v1/");
    i.put("RegistryConfig", registryConfig);
    i.putAll(networkInfo.get());
    i.put("NCPU", Runtime.getRuntime().availableProcessors());
    i.put("MemTotal", memTotal());
    i.put("DockerRootDir", dataRoot.toString());
    i.put("HttpProxy", "");
    i.put("HttpsProxy", "");
    i.put("NoProxy", "");
    i.put("Name", hostname());
    i.put("Labels", List.of());
    i.put("ExperimentalBuild", false);
    i.put("ServerVersion", Versions.ENGINE);
    i.put("Runtimes", Map.of(containers.runtime().name(), Map.of("path", containers.runtime().binary().toString())));
    i.put("DefaultRuntime", containers.runtime().name());
    i.put("Swarm", swarmInfo.get());
    i.put("LiveRestoreEnabled", true);
    i.put("Isolation", "");
    i.put("InitBinary", "");
    i.put("SecurityOptions", List.of());
    i.put("Warnings", List.of());
    return i;
  }

  private static int countFds() {
    String[] fds = new java.io.File("/proc/self/fd").list();
    return fds == null ? 0 : fds.length;
  }

  private static long memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException ignored) {
      // unknown
    }
    return 0;
  }

  private static String osName() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          return line.substring(12).replace("\"", "");
        }
      }
    } catch (IOException ignored) {
      // unknown
    }
    return "Linux";
  }

  private static String hostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException e) {
      return "localhost";
    }
  }

}
