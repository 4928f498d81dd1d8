package dev.berth.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berthd}: the daemon's command line, in dockerd's style. */
@Command(name = "berthd", mixinStandardHelpOptions = true, version = "berthd " + dev.berth.daemon.server.Versions.BERTH,
    description = "Berth's container engine daemon: serves the Docker Engine API on a unix socket.")
public final class Main implements Callable<Integer> {
  @Option(names = {"-H", "--host"}, paramLabel = "unix:///path", description = "Socket to listen on (repeatable).")
  List<String> hosts = new ArrayList<>();

  @Option(names = "--data-root", description = "Persistent state (images, containers, metadata).")
  Path dataRoot = Path.of("/var/lib/berth");

  @Option(names = "--exec-root", description = "Runtime state (bundles, sockets, exit files).")
  Path execRoot = Path.of("/run/berth");

  @Option(names = {"-p", "--pidfile"}, description = "Where to write the daemon's PID (default: <exec-root>/berthd.pid).")
  Path pidFile;

  @Option(names = {"-l", "--log-level"}, description = "debug, info, warn, error or fatal.")
  String logLevel = "info";

  @Option(names = "--runtime", description = "OCI runtime: runc or crun (default: the one that works on this host).")
  String runtime;

  @Option(names = "--bip", description = "The default bridge's address and prefix (default: 172.17.0.1/16, or the"
      + " first free subnet of the address pools when the host already uses that).")
  String bip;

  @Option(names = "--default-address-pool", paramLabel = "base=CIDR,size=N",
      description = "Where networks without a subnet get theirs (repeatable; default as dockerd's).")
  List<String> addressPools = new ArrayList<>();

  @Option(names = {"-b", "--bridge"}, description = "The default bridge's host interface (default: berth0, or the"
      + " next free berthN when another berthd holds it).")
  String bridge;

  @Option(names = "--insecure-registry", paramLabel = "host:port|CIDR",
      description = "A registry that may use plain HTTP or unverified TLS (repeatable).")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(names = "--registry-mirror", paramLabel = "URL", description = "A Docker Hub mirror, tried first (repeatable).")
  List<String> registryMirrors = new ArrayList<>();

  @Option(names = {"-G", "--group"}, paramLabel = "group",
      description = "Group that owns the API socket (mode 0660); default berth when it exists, else root.")
  String group;
  @Option(names = "--cluster-store", paramLabel = "etcd://host:2379[,host:2379...]",
      description = "An etcd cluster of your own for swarm mode's state (default: berthd runs etcd members itself).")
  String clusterStore;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String level = switch (logLevel) {
      case "fatal" -> "error";
      case "debug", "info", "warn", "error", "trace" -> logLevel;
      default -> throw new CommandLine.ParameterException(new CommandLine(this),
          "invalid log level: " + logLevel + " (want debug, info, warn, error or fatal)");
    };
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    List<Path> sockets = new ArrayList<>();
    for (String h : hosts.isEmpty() ? List.of("unix:///run/berth/berth.sock") : hosts) {
      if (h.startsWith("unix://")) {
        sockets.add(Path.of(h.substring(7)));
      } else if (h.startsWith("/")) {
        sockets.add(Path.of(h));
      } else {
        System.err.println("berthd: unsupported host " + h + ": only unix:///path sockets are supported");
        return 1;
      }
    }
    dev.berth.daemon.distribution.RegistrySettings registries;
    try {
      registries = new dev.berth.daemon.distribution.RegistrySettings(insecureRegistries, registryMirrors);
    } catch (IllegalArgumentException e) {
      System.err.println("berthd: " + e.getMessage());
      return 1;
    }
    List<String> clusterEndpoints;
    try {
      clusterEndpoints = dev.berth.daemon.cluster.ClusterStoreUrl.parse(clusterStore);
    } catch (IllegalArgumentException e) {
      System.err.println("berthd: " + e.getMessage());
      return 1;
    }
    dev.berth.daemon.server.SocketGroup socketGroup;
    try {
      socketGroup = dev.berth.daemon.server.SocketGroup.resolve(group);
    } catch (IllegalArgumentException e) {
      System.err.println("berthd: " + e.getMessage());
      return 1;
    }
    Daemon daemon;
    try {
      daemon = Daemon.start(new Daemon.Settings(sockets, dataRoot.toAbsolutePath(), execRoot.toAbsolutePath(),
          pidFile == null ? execRoot.toAbsolutePath().resolve("berthd.pid") : pidFile.toAbsolutePath(), runtime, bip,
          bridge, addressPools, registries, socketGroup,
          clusterEndpoints));
    } catch (Daemon.StartupException e) {
      System.err.println("berthd: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "shutdown"));
    daemon.awaitTermination();
    return 0;
  }
}
