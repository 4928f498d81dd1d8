package dev.berth.daemon;

import dev.berth.daemon.cluster.ClusterHost;
import dev.berth.daemon.cluster.ClusterRoutes;
import dev.berth.daemon.cluster.ClusterService;
import dev.berth.daemon.cluster.ContainerTaskRuntime;
import dev.berth.daemon.container.ContainerRoutes;
import dev.berth.daemon.container.ContainerService;
import dev.berth.daemon.container.ExitWatcher;
import dev.berth.daemon.container.HealthMonitor;
import dev.berth.daemon.image.ImageRoutes;
import dev.berth.daemon.image.ImageService;
import dev.berth.daemon.network.NetworkRoutes;
import dev.berth.daemon.volume.VolumeRoutes;
import dev.berth.daemon.volume.VolumeService;
import dev.berth.daemon.network.NetworkService;
import dev.berth.daemon.runtime.Conmon;
import dev.berth.daemon.runtime.OciRuntime;
import dev.berth.daemon.runtime.RuntimeSelector;
import dev.berth.daemon.server.ApiServer;
import dev.berth.daemon.server.Router;
import dev.berth.daemon.store.AtomicFiles;
import dev.berth.daemon.store.MetadataStore;
import dev.berth.daemon.system.SystemRoutes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * berthd wired together: the stores, the runtime, the container service and the API server. One
 * daemon per data root, enforced with a lock; containers are left running when it stops, and
 * re-adopted when it starts.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  /** What to listen on and where to keep state. */
  public record Settings(List<Path> sockets, Path dataRoot, Path execRoot, Path pidFile, String runtime, String bip,
      String bridge, List<String> addressPools, dev.berth.daemon.distribution.RegistrySettings registries,
      dev.berth.daemon.server.SocketGroup socketGroup, List<String> clusterStore) {}

  /** A start that cannot go on, with a message for the operator. */
  public static final class StartupException extends Exception {
    StartupException(String message) {
      super(message);
    }
  }

  private final Settings settings;
  private final FileChannel lockChannel;
  private final MetadataStore db;
  private final ExitWatcher exits;
  private final ApiServer server;
  private final NetworkService networks;
  private final HealthMonitor health;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final ClusterService cluster;

  private Daemon(Settings settings, FileChannel lockChannel, MetadataStore db, ExitWatcher exits, ApiServer server,
      NetworkService networks, HealthMonitor health, ClusterService cluster) {
    this.cluster = cluster;
    this.health = health;
    this.networks = networks;
    this.settings = settings;
    this.lockChannel = lockChannel;
    this.db = db;
    this.exits = exits;
    this.server = server;
  }

  public static Daemon start(Settings s) throws Exception {
    dev.berth.daemon.store.DataRootPermissions.apply(s.dataRoot());
    Files.createDirectories(s.execRoot());
    FileChannel lockChannel = FileChannel.open(s.dataRoot().resolve("berthd.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock = lockChannel.tryLock();
    if (lock == null) {
      lockChannel.close();
      throw new StartupException("another berthd is using the data root " + s.dataRoot());
    }
    Path conmonBinary = Conmon.find();
    if (conmonBinary == null) {
      throw new StartupException("conmon not found: install it (apt-get install conmon)");
    }
    String runtimeName;
    try {
      runtimeName = RuntimeSelector.choose(s.runtime());
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage());
    }
    MetadataStore db = new MetadataStore(s.dataRoot().resolve("metadata.db"));
    ImageService images = new ImageService(s.dataRoot(), db);
    OciRuntime runtime = new OciRuntime(runtimeName, RuntimeSelector.find(runtimeName),
        s.execRoot().resolve("runtime-" + runtimeName));
    Conmon conmon = new Conmon(conmonBinary, runtime, s.execRoot());
    NetworkService networks;
    try {
      networks = new NetworkService(db, s.execRoot(), s.dataRoot(), s.bip(), s.bridge(),
          dev.berth.daemon.network.AddressPools.parse(s.addressPools()));
    } catch (IllegalArgumentException | dev.berth.daemon.server.ApiException e) {
      throw new StartupException(e.getMessage());
    }
    VolumeService volumes = new VolumeService(db, s.dataRoot());
    ContainerService containers = new ContainerService(db, images, runtime, conmon, networks, volumes, s.dataRoot(),
        s.execRoot());
    dev.berth.daemon.container.ExecService execs = new dev.berth.daemon.container.ExecService(containers);
    HealthMonitor health = new HealthMonitor(execs);
    containers.addListener(health);
    dev.berth.daemon.events.EventBus events = new dev.berth.daemon.events.EventBus();
    images.events(events);
    networks.events(events);
    containers.events().connect(events);
    volumes.events(events);
    health.onStatusChange((c, status) -> containers.events().emit(c, "health_status: " + status));
    ExitWatcher exits = new ExitWatcher(conmon.exitDir(), containers);
    containers.recover();
    networks.keepDefaultBridgeUp();
    containers.startPolicyContainers();

    Router router = new Router();
    ClusterService cluster = new ClusterService(s.dataRoot(), s.execRoot(), s.clusterStore(), ClusterHost.describe(),
        new ContainerTaskRuntime(containers));
    new SystemRoutes(containers, images, s.dataRoot(), engineId(s.dataRoot()))
        .registryConfig(s.registries().info()).networkInfo(networks::info).swarm(cluster::info)
        .register(router);
    dev.berth.daemon.distribution.DistributionRoutes distribution = new dev.berth.daemon.distribution.DistributionRoutes(
        images, db, dev.berth.daemon.distribution.Registries.standard(s.registries()));
    ImageRoutes imageRoutes = new ImageRoutes(images, distribution::pull, distribution::push);
    imageRoutes.register(router);
    new dev.berth.daemon.system.DiskUsageRoutes(imageRoutes, containers, volumes).register(router);
    distribution.register(router);
    new VolumeRoutes(volumes).register(router);
    new ContainerRoutes(containers, images).register(router);
    dev.berth.daemon.container.ContainerFilesystem filesystem =
        new dev.berth.daemon.container.ContainerFilesystem(containers, images);
    new dev.berth.daemon.container.ContainerFileRoutes(new dev.berth.daemon.container.ContainerArchive(containers),
        filesystem).register(router);
    new dev.berth.daemon.build.BuildRoutes(new dev.berth.daemon.build.BuildService(images, containers, filesystem, db,
        s.dataRoot(), distribution::pullForBuild)).register(router);
    new dev.berth.daemon.container.ExecRoutes(execs).register(router);
    new NetworkRoutes(networks, containers::networkContainers, new NetworkRoutes.Attachments() {
      @Override
      public void connect(String container, String network, com.fasterxml.jackson.databind.JsonNode endpointConfig)
          throws Exception {
        containers.connectNetwork(container, network, endpointConfig);
      }

      @Override
      public void disconnect(String container, String network) throws Exception {
        containers.disconnectNetwork(container, network);
      }
    }).register(router);
    new dev.berth.daemon.events.EventRoutes(events).register(router);
    new ClusterRoutes(new dev.berth.daemon.cluster.SwarmCluster(cluster)).register(router);
    new dev.berth.daemon.stats.StatsRoutes(containers, new dev.berth.daemon.stats.StatsService()).register(router);
    new dev.berth.daemon.scan.ScanRoutes(new dev.berth.daemon.scan.ScanService(images, s.dataRoot())).register(router);
    ApiServer server = new ApiServer(router, s.socketGroup());
    for (Path socket : s.sockets()) {
      server.listen(socket);
    }
    Files.createDirectories(s.pidFile().getParent());
    AtomicFiles.write(s.pidFile(), (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
    LOG.info("berthd listening on {} (runtime {}, data root {})", s.sockets(), runtimeName, s.dataRoot());
    // back into the cluster in the background: a store that is slow to answer must not delay the API
    Thread.ofVirtual().name("cluster-resume").start(cluster::resume);
    return new Daemon(s, lockChannel, db, exits, server, networks, health, cluster);
  }

  private static String engineId(Path dataRoot) throws IOException {
    Path file = dataRoot.resolve("engine-id");
    if (Files.exists(file)) {
      return Files.readString(file).strip();
    }
    String id = UUID.randomUUID().toString();
    AtomicFiles.write(file, id.getBytes(StandardCharsets.US_ASCII));
    return id;
  }

  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  /** Stops serving; containers keep running under their monitors. */
  @Override
  public void close() {
    try {
      server.close();
      cluster.close();
      health.close();
      exits.close();
      networks.releaseDefaultBridge();
      db.close();
      Files.deleteIfExists(settings.pidFile());
      lockChannel.close();
    } catch (Exception e) {
      LOG.warn("shutdown: {}", e.getMessage());
    } finally {
      stopped.countDown();
    }
  }
}
