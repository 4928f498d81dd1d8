package dev.berth.daemon.container;

import dev.berth.daemon.store.DiskUsage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Filters;
import dev.berth.api.Json;
import dev.berth.daemon.image.ImageRecord;
import dev.berth.daemon.image.ImageService;
import dev.berth.daemon.network.Endpoint;
import dev.berth.daemon.network.NetworkService;
import dev.berth.daemon.runtime.Conmon;
import dev.berth.daemon.runtime.OciRuntime;
import dev.berth.daemon.runtime.Overlay;
import dev.berth.daemon.runtime.RuntimeSelector;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.store.AtomicFiles;
import dev.berth.daemon.store.MetadataStore;
import dev.berth.daemon.sys.LibC;
import dev.berth.daemon.volume.VolumeService;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container lifecycle: create, start, stop, kill, pause, remove, and the exits conmon
 * reports. State changes of one container happen under its monitor, so a start racing an exit, or
 * two stops, see a consistent state; every change is persisted before it is acknowledged.
 */
public final class ContainerService {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerService.class);
  private static final int DEFAULT_STOP_TIMEOUT = 10;
  private static final long KILL_WAIT_SECONDS = 30;

  private final ContainerStore store;
  private final ImageService images;
  private final OciRuntime runtime;
  private final Conmon conmon;
  private final Path dataRoot;
  private final Path execRoot;
  private final dev.berth.daemon.network.NetworkService networks;
  private final VolumeService volumes;
  private final ContainerNetworking networking;
  private final Map<String, CompletableFuture<Integer>> nextExit = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Integer>> removal = new ConcurrentHashMap<>();
  private final Map<String, List<AttachSession>> pendingAttach = new ConcurrentHashMap<>();
  private final Map<String, LogShipper> shippers = new ConcurrentHashMap<>();
  /** Containers whose files are lent out ({@link #withRoot}): their overlay stays mounted until returned. */
  private final Map<String, Integer> rootLeases = new ConcurrentHashMap<>();
  private final List<LifecycleListener> listeners = new CopyOnWriteArrayList<>();
  private final ContainerEvents events = new ContainerEvents();
  /** conmon starts a new spool past this size; the shipper keeps up with it long before. */
  private static final long SPOOL_SIZE_MAX = 32L * 1024 * 1024;

  public ContainerService(MetadataStore db, ImageService images, OciRuntime runtime, Conmon conmon,
      dev.berth.daemon.network.NetworkService networks, VolumeService volumes, Path dataRoot, Path execRoot)
      throws SQLException, IOException {
    this.store = new ContainerStore(db);
    this.networking = new ContainerNetworking(store, networks);
    this.volumes = volumes;
    this.networks = networks;
    this.images = images;
    this.runtime = runtime;
    this.conmon = conmon;
    this.dataRoot = Files.createDirectories(dataRoot);
    this.execRoot = Files.createDirectories(execRoot);
    Files.createDirectories(dataRoot.resolve("containers"));
    Files.createDirectories(execRoot.resolve("containers"));
    networks.users(networkId -> store.all().stream()
        .filter(c -> c.state.running() && endpointsOf(c).stream().anyMatch(e -> e.networkId().equals(networkId)))
        .map(c -> c.id)
        .toList());
    images.containersUsing(imageId -> store.all().stream()
        .filter(c -> c.imageId.equals(imageId))
        .map(c -> new ImageService.ImageUser(c.id, c.state.running()))
        .toList());
    volumes.usersFrom(name -> store.all().stream()
        .filter(c -> VolumeMounts.mountsOf(c).stream().anyMatch(m -> m.volume() && m.name().equals(name)))
        .map(c -> c.id)
        .toList());
  }

  public OciRuntime runtime() {
    return runtime;
  }

  // ---- file access (cp, export, diff, commit)

  /** Work on a container's files; see {@link #withRoot}. */
  @FunctionalInterface
  public interface RootWork<T> {
    T run(Container c, ContainerRoot root) throws IOException, SQLException;
  }

  /**
   * Lends out the container's file tree, mounting its overlay for the duration when it is not
   * running (Testcontainers copies files into created containers before starting them). The
   * container's monitor is held only to take and return the lease, so a long copy does not block
   * start or stop; an exit during the copy leaves the overlay mounted until the lease ends.
   */
  public <T> T withRoot(String ref, RootWork<T> work) throws IOException, SQLException {
    Container c = require(ref);
    ContainerPaths paths = paths(c);
    ContainerRoot root;
    synchronized (c) {
      if (c.state.status.equals("removing")) {
        throw ApiException.conflict("container " + c.id + " is being removed");
      }
      mountRootfs(c, images.resolve(c.imageId), paths);
      rootLeases.merge(c.id, 1, Integer::sum);
      boolean live = c.state.running() && c.state.pid > 0 && !c.state.paused();
      List<ContainerRoot.Mapping> mappings = new ArrayList<>();
      for (MountPoint m : VolumeMounts.mountsOf(c)) {
        if (!m.type().equals("tmpfs")) {
          mappings.add(new ContainerRoot.Mapping(m.destination(), Path.of(m.source()), m.rw()));
        }
      }
      mappings.add(new ContainerRoot.Mapping("/etc/hosts", paths.hosts(), true));
      mappings.add(new ContainerRoot.Mapping("/etc/hostname", paths.hostname(), true));
      mappings.add(new ContainerRoot.Mapping("/etc/resolv.conf", paths.resolvConf(), true));
      root = new ContainerRoot(live ? Path.of("/proc", Integer.toString(c.state.pid), "root") : paths.rootfs(),
          paths.rootfs(), live, mappings, c.hostConfig.path("ReadonlyRootfs").asBoolean(false));
    }
    try {
      return work.run(c, root);
    } finally {
      synchronized (c) {
        if (rootLeases.merge(c.id, -1, Integer::sum) <= 0) {
          rootLeases.remove(c.id);
          if (!c.state.running() && !c.state.status.equals("restarting") && store.get(c.id) != null) {
            releaseRootfs(c, paths);
          }
        }
      }
    }
  }

  /** The writable layer of a container: what diff and commit read. */
  public Path upperDir(Container c) {
    return paths(c).upper();
  }

  /** The image layers under a container, top first, as overlay stacks them. */
  public List<Path> lowerDirs(Container c) throws SQLException {
    List<Path> lowers = new ArrayList<>();
    for (String chain : images.resolve(c.imageId).chainIds()) {
      lowers.add(images.layers().diffDir(chain));
    }
    Collections.reverse(lowers);
    return lowers;
  }

  /** Registers what follows containers' runs (health checks); before {@link #recover()}, to hear of re-adoptions. */
  public void addListener(LifecycleListener l) {
    listeners.add(l);
  }

  private void fireStarted(Container c) {
    listeners.forEach(l -> l.started(c));
  }

  private void fireStopped(Container c) {
    listeners.forEach(l -> l.stopped(c));
  }

  /** The end of a run as events: {@code die}, then {@code unmount} for each of its volumes (Docker's order). */
  private void emitDie(Container c) {
    events.emit(c, "die", dieAttributes(c));
    for (MountPoint m : VolumeMounts.mountsOf(c)) {
      if (m.volume()) {
        volumes.publish("unmount", m.name(), Map.of("container", c.id));
      }
    }
  }

  /** Where the lifecycle's events go; the daemon connects its bus here. */
  public ContainerEvents events() {
    return events;
  }

  // ---- lookups

  public Container require(String ref) {
    Container c = store.find(ref);
    if (c == null) {
      throw ApiException.notFound("No such container: " + ref);
    }
    return c;
  }

  public List<Container> all() {
    return store.all();
  }

  /** The running containers on a network, as network inspect shows them under {@code Containers}. */
  public Map<String, Object> networkContainers(String networkId) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    for (Container c : store.all()) {
      Endpoint e = endpointsOf(c).stream().filter(x -> x.networkId().equals(networkId)).findFirst().orElse(null);
      if (e == null || !c.state.running()) {
        continue;
      }
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("Name", c.name);
      m.put("EndpointID", "");
      m.put("MacAddress", e.mac());
      m.put("IPv4Address", e.ip() + "/" + e.prefixLength());
      m.put("IPv6Address", "");
      out.put(c.id, m);
    }
    return out;
  }

  /** Whether this very container is still in the store (not removed, not replaced). */
  boolean exists(Container c) {
    return store.get(c.id) == c;
  }

  ContainerPaths paths(Container c) {
    return ContainerPaths.of(dataRoot, execRoot, c.id);
  }

  public Path logPath(Container c) {
    return paths(c).log();
  }

  /**
   * The container's log with everything conmon has written so far shipped into it: a logs
   * request right after a start sees the output already made, not what the last poll shipped.
   */
  public Path currentLog(Container c) {
    LogShipper s = shippers.get(c.id);
    if (s != null) {
      try {
        s.drain();
      } catch (IOException e) {
        LOG.debug("shipping {} before a read: {}", c.shortId(), e.getMessage());
      }
    }
    return paths(c).log();
  }

  // ---- create

  /** Creates a container from a create request; returns it. */
  public Container create(String requestedName, ObjectNode request) throws SQLException, IOException {
    return create(requestedName, request, true);
  }

  /**
   * As {@link #create(String, ObjectNode)}; without {@code imageVolumes} the image's VOLUMEs get no
   * anonymous volumes, which is how the builder's COPY writes into a declared volume path and has
   * it kept in the image, as Docker's does.
   */
  public Container create(String requestedName, ObjectNode request, boolean imageVolumes)
      throws SQLException, IOException {
    String imageName = request.path("Image").asText("");
    if (imageName.isEmpty()) {
      throw ApiException.badRequest("No image specified");
    }
    ImageRecord image = images.resolve(imageName);
    validateLogConfig(request.path("HostConfig").path("LogConfig"));
    MountRequests.forCreate(request.path("HostConfig"));
    RestartPolicy.of(request.path("HostConfig")).validate(request.path("HostConfig").path("AutoRemove").asBoolean(false));
    if (request.path("HostConfig").path("Init").asBoolean(false)) {
      InitProcess.binary(); // refused now rather than at start
    }
    String id = ContainerFactory.newId();
    boolean named = requestedName != null && !requestedName.isEmpty();
    String name = named ? ContainerFactory.validateName(requestedName) : NameGenerator.next(0);
    Container c = ContainerFactory.build(id, name, request, image);
    HostSettings.checkAtCreate(c.hostConfig, c.networkMode);
    if (!isBuiltinMode(c.networkMode) && networks.find(c.networkMode) == null) {
      // 400, not 404: the docker CLI takes any 404 on create for a missing image and tries a pull
      throw ApiException.badRequest("network " + c.networkMode + " not found");
    }
    networking.checkAtCreate(c);
    if (c.networkMode.startsWith("container:")) {
      // joins another container's network namespace: name it by ID, as Docker records it
      String ref = c.networkMode.substring("container:".length());
      Container target = store.find(ref);
      if (target == null) {
        // 400, not 404: the docker CLI takes any 404 on create for a missing image and tries a pull
        throw ApiException.badRequest("No such container: " + ref);
      }
      c.networkMode = "container:" + target.id;
      c.hostConfig.put("NetworkMode", c.networkMode);
    }
    ObjectNode volumeConfig = c.config;
    if (!imageVolumes) {
      volumeConfig = c.config.deepCopy();
      volumeConfig.remove("Volumes");
    }
    // mounts first: a bad --volumes-from must fail before anything is made on disk
    c.mounts = VolumeMounts.resolve(c.hostConfig, volumeConfig, volumes, store::find);
    ContainerPaths paths = paths(c);
    try {
      Files.createDirectories(paths.upper());
      Files.createDirectories(paths.work());
      for (int attempt = 0; ; attempt++) {
        try {
          store.insert(c);
          events.emit(c, "create");
          return c;
        } catch (ApiException conflict) {
          if (named || attempt > 20) {
            throw conflict;
          }
          c.name = NameGenerator.next(attempt / 3);
        }
      }
    } catch (IOException | SQLException | RuntimeException e) {
      AtomicFiles.deleteTree(paths.data());
      removeAnonymousVolumes(c);
      throw e;
    }
  }

  // ---- start

  public void start(String ref) throws IOException, SQLException {
    Container c = require(ref);
    try {
      startLocked(c);
    } catch (IOException | SQLException | RuntimeException e) {
      if (c.hostConfig.path("AutoRemove").asBoolean(false) && !c.state.running()) {
        // as Docker: a --rm container that cannot start is removed, which also ends its waiters
        try {
          remove(c.id, true, true);
        } catch (Exception removal) {
          LOG.warn("auto-removing {} after a failed start: {}", c.shortId(), removal.getMessage());
        }
      }
      throw e;
    }
  }

  private void startLocked(Container c) throws IOException, SQLException {
    synchronized (c) {
      if (c.state.running()) {
        throw ApiException.notModified();
      }
      if (c.state.status.equals("removing")) {
        throw ApiException.conflict("container is marked for removal and cannot be started");
      }
      ContainerPaths paths = paths(c);
      ImageRecord image = images.resolve(c.imageId);
      NetworkService.Attaching attaching = null;
      try {
        mountRootfs(c, image, paths);
        String cwd = c.config.path("WorkingDir").asText("");
        if (cwd.isEmpty()) {
          cwd = "/";
        }
        makeWorkingDir(paths.rootfs(), cwd);
        UserResolver.Ids user = UserResolver.resolve(paths.rootfs(), c.config.path("User").asText(""));
        MountRequests.prepare(MountRequests.of(c.hostConfig));
        VolumeMounts.populate(c, paths.rootfs());
        boolean hostNetwork = c.networkMode.equals("host");
        String joined = c.networkMode.startsWith("container:") ? joinedNamespace(c) : null;
        Endpoint endpoint = null;
        c.endpointDetached = false;
        List<ContainerNetworking.Wanted> wanted = ContainerNetworking.wanted(c);
        if (!wanted.isEmpty()) {
          // netavark wires the namespace while the runtime creates the container; eth0 has the ports
          attaching = networks.begin(wanted.get(0).network(), c.id, c.name,
              dev.berth.daemon.network.PortRequests.of(c.hostConfig, c.config.get("ExposedPorts")),
              networking.requestFor(c, wanted.get(0)));
          endpoint = attaching.planned();
          c.endpoint = Json.plain().valueToTree(endpoint);
        }
        EtcFiles.write(paths, c, hostNetwork, endpoint);
        List<LegacyLinks.Link> links = LegacyLinks.resolve(c, store, endpoint);
        LegacyLinks.writeHosts(paths, links);
        ObjectNode spec = SpecGenerator.generate(c, new SpecGenerator.Inputs(paths, user,
            LegacyLinks.env(links, c, ContainerFactory.processEnv(c)), cwd, hostNetwork, RuntimeSelector.unifiedCgroups(),
            endpoint != null ? endpoint.netns() : joined));
        HostSettings.apply(spec, c.hostConfig, GroupAdd.resolve(paths.rootfs(), c.hostConfig));
        Files.write(paths.bundle().resolve("config.json"), Json.plain().writeValueAsBytes(spec));
      } catch (IOException | RuntimeException e) {
        settle(c, attaching);
        failStart(c, paths, e.getMessage() == null ? e.toString() : e.getMessage());
        throw e instanceof ApiException api ? api
            : ApiException.internal("failed to prepare the container's root filesystem: " + e.getMessage());
      }
      nextExit.computeIfAbsent(c.id, k -> new CompletableFuture<>());
      Conmon.Created created;
      try {
        created = conmon.create(new Conmon.Launch(c.id, c.name, paths.bundle(), paths.spool(), SPOOL_SIZE_MAX,
            c.tty(), c.openStdin(), c.config.path("StdinOnce").asBoolean(false)));
      } catch (OciRuntime.RuntimeFailure e) {
        settle(c, attaching);
        failStart(c, paths, e.getMessage());
        throw ApiException.badRequest("failed to create task for container: OCI runtime create failed: "
            + e.getMessage() + ": unknown");
      } catch (IOException | RuntimeException e) {
        settle(c, attaching);
        failStart(c, paths, String.valueOf(e.getMessage()));
        throw e;
      }
      try {
        if (attaching != null) {
          try {
            c.endpoint = Json.plain().valueToTree(attaching.await());
          } catch (IOException | RuntimeException networkFailed) {
            c.endpoint = null;
            throw networkFailed;
          }
          connectExtras(c);
        }
        startShipping(c);
        for (AttachSession s : drainPending(c.id)) {
          try {
            s.connect(paths.bundle());
          } catch (IOException e) {
            LOG.warn("attach to {} failed: {}", c.shortId(), e.getMessage());
            s.end();
          }
        }
        runtime.start(c.id);
      } catch (IOException | RuntimeException e) {
        try {
          runtime.kill(c.id, "KILL", true);
        } catch (IOException ignored) {
          // it may be gone already
        }
        failStart(c, paths, e.getMessage());
        throw ApiException.badRequest("failed to start container: " + e.getMessage());
      }
      c.state.status = "running";
      c.state.stoppedByUser = false;
      c.state.pid = created.pid();
      c.state.conmonPid = created.conmonPid();
      c.state.exitCode = 0;
      c.state.error = "";
      c.state.startedAt = Instant.now();
      c.state.oomKilled = false;
      fireStarted(c);
      store.save(c);
      for (MountPoint m : VolumeMounts.mountsOf(c)) {
        if (m.volume()) {
          volumes.publish("mount", m.name(), Map.of("container", c.id, "destination", m.destination(),
              "read/write", Boolean.toString(m.rw()), "propagation", ""));
        }
      }
      events.emit(c, "start");
    }
  }

  private static void validateLogConfig(com.fasterxml.jackson.databind.JsonNode logConfig) {
    String type = logConfig.path("Type").asText("");
    if (!type.isEmpty() && !type.equals("json-file") && !type.equals("none")) {
      throw ApiException.badRequest("logger: no log driver named '" + type + "' is registered");
    }
    String size = logConfig.path("Config").path("max-size").asText("");
    if (!size.isEmpty()) {
      Sizes.parse(size);
    }
    String files = logConfig.path("Config").path("max-file").asText("");
    if (!files.isEmpty() && !files.matches("[1-9][0-9]{0,3}")) {
      throw ApiException.badRequest("invalid value for max-file: " + files);
    }
  }

  /** Starts moving the container's output from conmon's spool into its json-file log. */
  private void startShipping(Container c) throws IOException {
    LogShipper old = shippers.remove(c.id);
    if (old != null) {
      old.stop();
    }
    LogShipper shipper = newShipper(c);
    shippers.put(c.id, shipper);
    shipper.start();
  }

  private LogShipper newShipper(Container c) throws IOException {
    ContainerPaths paths = paths(c);
    if (c.hostConfig.path("LogConfig").path("Type").asText("").equals("none")) {
      return new LogShipper(paths.spool(), paths.spoolOffset(), JsonFileLog.none());
    }
    var logConfig = c.hostConfig.path("LogConfig").path("Config");
    String size = logConfig.path("max-size").asText("");
    String files = logConfig.path("max-file").asText("");
    long maxSize = size.isEmpty() ? -1 : Sizes.parse(size);
    int maxFiles;
    try {
      maxFiles = files.isEmpty() ? 1 : Integer.parseInt(files);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid value for max-file: " + files);
    }
    return new LogShipper(paths.spool(), paths.spoolOffset(), new JsonFileLog(paths.log(), maxSize, maxFiles));
  }

  /** Ships what is left and stops; the json-file log is complete afterwards. */
  private void stopShipping(Container c) {
    LogShipper s = shippers.remove(c.id);
    if (s != null) {
      s.stop();
    }
  }

  private void mountRootfs(Container c, ImageRecord image, ContainerPaths paths) throws IOException {
    Files.createDirectories(paths.rootfs());
    if (Overlay.isMounted(paths.rootfs())) {
      return;
    }
    List<Path> lowers = new ArrayList<>();
    for (String chain : image.chainIds()) {
      lowers.add(images.layers().diffDir(chain));
    }
    Collections.reverse(lowers);
    if (lowers.isEmpty()) {
      lowers.add(Files.createDirectories(paths.data().resolve("empty")));
    }
    Overlay.mount(lowers, paths.upper(), paths.work(), paths.rootfs());
  }

  /** Creates the working directory like Docker does, but never through a link in the container. */
  private static void makeWorkingDir(Path rootfs, String cwd) throws IOException {
    Path p = rootfs;
    for (String part : cwd.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        return;
      }
      p = p.resolve(part);
      if (Files.isSymbolicLink(p)) {
        return; // the runtime resolves it inside the container's root
      }
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(p);
      } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw ApiException.badRequest("working directory " + cwd + " is not a directory");
      }
    }
  }

  private void failStart(Container c, ContainerPaths paths, String message) throws SQLException {
    stopShipping(c);
    disconnect(c);
    for (AttachSession s : drainPending(c.id)) {
      s.end();
    }
    try {
      runtime.delete(c.id);
    } catch (IOException ignored) {
      // never created
    }
    releaseRootfs(c, paths);
    c.state.error = message;
    c.state.exitCode = message.contains("executable file not found") || message.contains("no such file")
        ? 127 : message.contains("permission denied") ? 126 : 128;
    store.save(c);
    CompletableFuture<Integer> f = nextExit.remove(c.id);
    if (f != null) {
      f.complete(c.state.exitCode);
    }
  }

  private void releaseRootfs(Container c, ContainerPaths paths) {
    if (rootLeases.containsKey(c.id) && !c.state.status.equals("removing")) {
      return; // a copy is reading it; the lease's end unmounts
    }
    try {
      if (Overlay.isMounted(paths.rootfs())) {
        Overlay.unmount(paths.rootfs());
      }
    } catch (IOException e) {
      LOG.warn("unmounting {} failed: {}", paths.rootfs(), e.getMessage());
    }
  }

  private static boolean isBuiltinMode(String mode) {
    return mode.equals("bridge") || mode.equals("none") || mode.equals("host") || mode.startsWith("container:");
  }

  /** The network namespace of the running container this one joins ({@code --network container:X}). */
  private String joinedNamespace(Container c) {
    Container target = store.get(c.networkMode.substring("container:".length()));
    if (target == null) {
      throw ApiException.notFound("No such container: " + c.networkMode.substring("container:".length()));
    }
    synchronized (target) {
      if (!target.state.running()) {
        throw ApiException.conflict("cannot join network namespace of a non running container: container "
            + target.id + " is " + target.state.status);
      }
      Endpoint e = endpointOf(target);
      return e != null ? e.netns() : "/proc/" + target.state.pid + "/ns/net";
    }
  }

  /** Releases the container's bridge attachment, if it has one, and records that it has none. */
  private void disconnect(Container c) {
    if (c.endpoint == null) {
      return;
    }
    List<Endpoint> all = endpointsOf(c);
    for (int i = all.size() - 1; i >= 0; i--) {
      networks.disconnect(c.id, c.name, all.get(i), i == 0 && !c.endpointDetached);
    }
    if (c.endpointDetached) {
      networks.deleteNamespace(endpointOf(c));
      c.endpointDetached = false;
    }
    c.endpoint = null;
    c.extraEndpoints = null;
    try {
      store.save(c);
    } catch (SQLException e) {
      LOG.warn("saving {} failed: {}", c.shortId(), e.getMessage());
    }
  }

  /**
   * Waits for an attachment under way and records its outcome: the endpoint when it worked; when
   * it failed, no endpoint (it undid itself). Returns the endpoint or null.
   */
  private static Endpoint settle(Container c, NetworkService.Attaching attaching) {
    if (attaching == null) {
      return null;
    }
    try {
      Endpoint e = attaching.await();
      c.endpoint = Json.plain().valueToTree(e);
      return e;
    } catch (IOException | RuntimeException failed) {
      c.endpoint = null;
      LOG.debug("network setup of {} failed: {}", c.shortId(), failed.getMessage());
      return null;
    }
  }

  /** Attaches the networks after eth0's, as eth1, eth2, ... */
  private void connectExtras(Container c) throws IOException {
    c.extraEndpoints = null;
    List<ContainerNetworking.Wanted> wanted = ContainerNetworking.wanted(c);
    for (ContainerNetworking.Wanted w : wanted.subList(Math.min(1, wanted.size()), wanted.size())) {
      networking.attachExtra(c, w);
    }
  }

  /** Every live attachment, eth0 first. */
  static List<Endpoint> endpointsOf(Container c) {
    List<Endpoint> out = new ArrayList<>();
    Endpoint primary = endpointOf(c);
    if (primary == null) {
      return out;
    }
    if (!c.endpointDetached) {
      out.add(primary);
    }
    if (c.extraEndpoints != null) {
      for (com.fasterxml.jackson.databind.JsonNode n : c.extraEndpoints) {
        try {
          out.add(Json.plain().treeToValue(n, Endpoint.class));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    return out;
  }

  /** {@code network connect}: joins now when running, and at every start from now on. */
  public void connectNetwork(String ref, String networkRef, com.fasterxml.jackson.databind.JsonNode endpointConfig)
      throws IOException, SQLException {
    networking.connect(ref, networkRef, endpointConfig);
  }

  /** {@code DELETE /containers/{name}/{alias}?link=1}: forgets a legacy link. */
  public void removeLink(String ref, String alias) throws SQLException {
    Container c = require(ref);
    synchronized (c) {
      LegacyLinks.remove(c, alias);
      store.save(c);
    }
  }

  /** {@code network disconnect}: leaves a network, the one it was created on included. */
  public void disconnectNetwork(String ref, String networkRef) throws SQLException {
    networking.disconnect(ref, networkRef);
  }

  static Endpoint endpointOf(Container c) {
    try {
      return c.endpoint == null ? null : Json.plain().treeToValue(c.endpoint, Endpoint.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ---- exits

  /** Called when conmon has written the container's exit code (or on recovery). */
  void onExit(String id) {
    Container c = store.get(id);
    if (c == null) {
      return;
    }
    Integer code = readExitCode(id);
    if (code == null) {
      return;
    }
    boolean autoRemove;
    boolean restart;
    CompletableFuture<Integer> f;
    synchronized (c) {
      // a stale event (the watcher reports create and modify) must not end a newer run: every
      // start removes the exit file, and only this run's exit writes it again
      if (!c.state.running() || !Files.exists(conmon.exitFile(id))) {
        return;
      }
      // the log is complete before anyone hears of the exit
      stopShipping(c);
      c.state.status = "exited";
      c.state.exitCode = code;
      c.state.pid = 0;
      c.state.conmonPid = 0;
      c.state.finishedAt = exitTime(id);
      c.state.oomKilled = Conmon.oomKilled(paths(c).bundle());
      fireStopped(c);
      try {
        store.save(c);
      } catch (SQLException e) {
        // the exit file stays: the next recovery records the exit from it
        LOG.error("saving the exit of {} failed", c.shortId(), e);
      }
      if (c.state.oomKilled) {
        events.emit(c, "oom");   // before die, as dockerd orders them
      }
      emitDie(c);
      cleanupAfterExit(c);
      autoRemove = c.hostConfig.path("AutoRemove").asBoolean(false);
      restart = !autoRemove && RestartPolicy.of(c.hostConfig).restartsAfter(code, c.state.stoppedByUser, c.restartCount);
      if (restart) {
        c.state.status = "restarting";
      }
      f = nextExit.remove(id);
    }
    if (f != null) {
      f.complete(code);
    }
    if (restart) {
      scheduleRestart(c);
    }
    if (autoRemove) {
      try {
        remove(id, true, true);
      } catch (Exception e) {
        LOG.warn("auto-removing {} failed: {}", c.shortId(), e.getMessage());
      }
    }
  }

  private static Map<String, String> dieAttributes(Container c) {
    long ran = c.state.startedAt == null || c.state.finishedAt == null ? 0
        : Math.max(0, java.time.Duration.between(c.state.startedAt, c.state.finishedAt).toSeconds());
    return Map.of("exitCode", Integer.toString(c.state.exitCode), "execDuration", Long.toString(ran));
  }

  /** Starts the container again after the policy's delay, unless the user acted meanwhile. */
  private void scheduleRestart(Container c) {
    long delay = RestartPolicy.delayMs(c.restartCount);
    Thread.ofVirtual().name("restart-" + c.shortId()).start(() -> {
      try {
        Thread.sleep(delay);
        synchronized (c) {
          if (!exists(c) || !c.state.status.equals("restarting") || c.state.stoppedByUser) {
            return;
          }
          c.restartCount++;
        }
        start(c.id);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warn("restarting {} failed: {}", c.shortId(), e.getMessage());
      }
    });
  }

  /** Starts the containers whose policy brings them back with berthd (always, unless-stopped). */
  public void startPolicyContainers() {
    for (Container c : store.all()) {
      if (!c.state.running() && RestartPolicy.of(c.hostConfig).startsWithDaemon(c.state.stoppedByUser)
          && c.state.startedAt != null) {
        Thread.ofVirtual().start(() -> {
          try {
            start(c.id);
          } catch (Exception e) {
            LOG.warn("starting {} with berthd failed: {}", c.shortId(), e.getMessage());
          }
        });
      }
    }
  }

  private Integer readExitCode(String id) {
    Path file = conmon.exitFile(id);
    for (int i = 0; i < 200; i++) {
      try {
        String s = Files.readString(file).strip();
        if (!s.isEmpty()) {
          return Integer.parseInt(s);
        }
      } catch (java.nio.file.NoSuchFileException e) {
        return null;
      } catch (IOException | NumberFormatException e) {
        // being written: try again
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private Instant exitTime(String id) {
    try {
      return Files.getLastModifiedTime(conmon.exitFile(id)).toInstant();
    } catch (IOException e) {
      return Instant.now();
    }
  }

  private void cleanupAfterExit(Container c) {
    try {
      runtime.delete(c.id);
    } catch (IOException e) {
      LOG.debug("runtime delete {}: {}", c.shortId(), e.getMessage());
    }
    disconnect(c);
    releaseRootfs(c, paths(c));
    try {
      Files.deleteIfExists(conmon.exitFile(c.id));
    } catch (IOException ignored) {
      // stale exit files are harmless: the next start removes them
    }
  }

  /**
   * Brings the store in line with reality after berthd starts: containers whose conmon wrote an
   * exit while berthd was down are marked exited; those whose monitor is gone are marked exited
   * with an unknown status; leftover mounts of stopped containers are released.
   */
  public void recover() throws SQLException {
    OrphanSweeper sweeper = new OrphanSweeper(store, runtime, dataRoot, execRoot);
    sweeper.sweepDirectories();
    for (Container c : store.all()) {
      synchronized (c) {
        if (c.state.running()) {
          endpointsOf(c).forEach(networks::adopt);
        }
        try {
          if (c.state.running()) {
            // ships what conmon spooled while berthd was down, then keeps going
            startShipping(c);
          } else if (Files.exists(paths(c).spool())) {
            newShipper(c).stop();
          }
        } catch (IOException | RuntimeException e) {
          LOG.warn("log of {} not shipped: {}", c.shortId(), e.getMessage());
        }
      }
      if (c.state.running()) {
        if (Files.exists(conmon.exitFile(c.id))) {
          onExit(c.id);
        } else if (!alive(c.state.conmonPid) || !runtime.exists(c.id)) {
          LOG.warn("monitor of {} is gone; marking it exited", c.shortId());
          markGone(c);
        }
        if (c.state.running()) {
          synchronized (c) {
            reconcilePause(c);
            fireStarted(c); // re-adopted: its health checks resume
          }
        }
      } else {
        if (runtime.exists(c.id)) {
          // berthd died between starting it and recording that: no one can manage it, end it
          try {
            runtime.kill(c.id, "KILL", true);
          } catch (IOException ignored) {
            // already gone
          }
          try {
            runtime.delete(c.id);
          } catch (IOException e) {
            LOG.warn("removing the orphaned runtime state of {} failed: {}", c.shortId(), e.getMessage());
          }
        }
        disconnect(c);
        releaseRootfs(c, paths(c));
      }
    }
    for (Container leftover : sweeper.buildLeftovers()) {
      try {
        remove(leftover.id, true, true);
        LOG.info("removed the step container {} of a build berthd's end interrupted", leftover.shortId());
      } catch (IOException | RuntimeException e) {
        LOG.warn("removing the build step container {}: {}", leftover.shortId(), e.getMessage());
      }
    }
    sweeper.sweepHost(networks);
  }

  /**
   * Brings the stored pause in line with the runtime's after a crash: a kill between the runtime's
   * pause (or resume) and the store's write leaves them apart, and a pause a commit took for its
   * copy is nobody's to undo but this. The container ends up running unless the user paused it.
   */
  private void reconcilePause(Container c) {
    try {
      boolean frozen = "paused".equals(runtime.state(c.id));
      boolean userPaused = c.state.paused() && !c.state.pausedForCommit;
      if (frozen && !userPaused) {
        runtime.resume(c.id);
        LOG.info("unpaused {}, which an interrupted {} had paused", c.shortId(),
            c.state.pausedForCommit ? "commit" : "pause");
      }
      boolean changed = c.state.pausedForCommit;
      if (c.state.paused() && (!frozen || !userPaused)) {
        c.state.status = "running";
        changed = true;
      }
      if (changed) {
        c.state.pausedForCommit = false;
        store.save(c);
      }
    } catch (IOException | SQLException e) {
      LOG.warn("reconciling the pause of {}: {}", c.shortId(), e.getMessage());
    }
  }

  // ---- stop, kill, restart, pause

  public void stop(String ref, Integer timeoutSeconds, String signal) throws IOException, SQLException {
    Container c = require(ref);
    CompletableFuture<Integer> exit;
    int timeout;
    synchronized (c) {
      if (c.state.status.equals("restarting")) {
        // waiting to be restarted: a stop cancels that, as in Docker
        c.state.stoppedByUser = true;
        c.state.status = "exited";
        store.save(c);
        return;
      }
      if (!c.state.running()) {
        throw ApiException.notModified();
      }
      timeout = timeoutSeconds != null ? timeoutSeconds
          : c.config.has("StopTimeout") ? c.config.get("StopTimeout").asInt() : DEFAULT_STOP_TIMEOUT;
      String sig = signal != null && !signal.isEmpty() ? signal : c.config.path("StopSignal").asText("SIGTERM");
      Signals.number(sig);
      exit = nextExit.computeIfAbsent(c.id, k -> new CompletableFuture<>());
      c.state.stoppedByUser = true;
      signal(c, sig, true);
    }
    if (!awaitExit(exit, timeout < 0 ? Long.MAX_VALUE : timeout)) {
      synchronized (c) {
        if (c.state.running()) {
          signal(c, "KILL", true);
        }
      }
      if (!awaitExit(exit, KILL_WAIT_SECONDS)) {
        throw ApiException.internal("container " + c.id + " did not exit after SIGKILL");
      }
    }
    events.emit(c, "stop");
  }

  public void kill(String ref, String signal) throws IOException, SQLException {
    Container c = require(ref);
    String sig = signal == null || signal.isEmpty() ? "KILL" : signal;
    Signals.number(sig);
    synchronized (c) {
      if (!c.state.running()) {
        throw ApiException.conflict("cannot kill container: " + ref + ": container " + c.id + " is not running");
      }
      if (Signals.number(sig) == 9 || Signals.number(sig) == 15) {
        c.state.stoppedByUser = true;
      }
      signal(c, sig, false);
    }
  }

  public void restart(String ref, Integer timeoutSeconds, String signal) throws IOException, SQLException {
    Container c = require(ref);
    try {
      stop(c.id, timeoutSeconds, signal);
    } catch (ApiException notRunning) {
      if (notRunning.status().code() != 304) {
        throw notRunning;
      }
    }
    start(c.id);
    events.emit(c, "restart");
  }

  /**
   * Sends a signal. For a stop or a kill a paused container is thawed so that the signal is
   * delivered, as Docker does; other signals wait, queued, until it is unpaused.
   */
  private void signal(Container c, String sig, boolean thaw) throws IOException, SQLException {
    String name = sig.toUpperCase(java.util.Locale.ROOT);
    int number = Signals.number(name);
    try {
      runtime.kill(c.id, Integer.toString(number), number == 9);
      events.emit(c, "kill", Map.of("signal", Integer.toString(number)));
      if (c.state.paused() && (thaw || number == 9)) {
        runtime.resume(c.id);
        c.state.status = "running";
        store.save(c);
      }
    } catch (IOException e) {
      if (alive(c.state.conmonPid)) {
        if (!alive(c.state.pid)) {
          return; // it already exited; conmon will report it
        }
        throw e;
      }
      // no monitor will ever report this exit: record it here
      LOG.warn("monitor of {} is gone; marking it exited", c.shortId());
      markGone(c);
    }
  }

  /**
   * Records the end of a container whose monitor died without writing an exit code (killed, or
   * a host that went down): exit code 255 as Docker reports an unknown status, everything released,
   * and anyone waiting told.
   */
  private void markGone(Container c) throws SQLException {
    try {
      runtime.kill(c.id, "KILL", true);
    } catch (IOException ignored) {
      // not there
    }
    CompletableFuture<Integer> f;
    synchronized (c) {
      stopShipping(c);
      c.state.status = "exited";
      c.state.exitCode = 255;
      c.state.pid = 0;
      c.state.conmonPid = 0;
      c.state.finishedAt = Instant.now();
      fireStopped(c);
      cleanupAfterExit(c);
      store.save(c);
      emitDie(c);
      f = nextExit.remove(c.id);
    }
    if (f != null) {
      f.complete(255);
    }
  }

  /** A process that exists and is not a zombie (a dead monitor may linger unreaped). */
  static boolean alive(int pid) {
    if (pid <= 0 || !LibC.kill(pid, 0)) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      int close = stat.lastIndexOf(')');
      return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean awaitExit(CompletableFuture<Integer> exit, long seconds) {
    try {
      exit.get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  public void pause(String ref) throws IOException, SQLException {
    pause(ref, false);
  }

  /** Pauses; {@code forCommit} marks a pause that a restarted berthd undoes (see {@link ContainerState#pausedForCommit}). */
  public void pause(String ref, boolean forCommit) throws IOException, SQLException {
    Container c = require(ref);
    synchronized (c) {
      if (!c.state.running()) {
        throw ApiException.conflict("Container " + c.id + " is not running");
      }
      if (c.state.paused()) {
        throw ApiException.conflict("Container " + c.id + " is already paused");
      }
      c.state.pausedForCommit = forCommit;
      runtime.pause(c.id);
      c.state.status = "paused";
      store.save(c);
      events.emit(c, "pause");
    }
  }

  public void unpause(String ref) throws IOException, SQLException {
    Container c = require(ref);
    synchronized (c) {
      if (!c.state.paused()) {
        throw ApiException.conflict("Container " + c.id + " is not paused");
      }
      runtime.resume(c.id);
      c.state.status = "running";
      c.state.pausedForCommit = false;
      store.save(c);
      events.emit(c, "unpause");
    }
  }

  /** {@code docker update}: new limits (live when it runs) and restart policy, stored for inspect and later starts. */
  public List<String> update(String ref, com.fasterxml.jackson.databind.JsonNode body) throws IOException, SQLException {
    Container c = require(ref);
    synchronized (c) {
      ObjectNode before = c.hostConfig;
      List<String> warnings = ContainerUpdate.apply(c, body, runtime);
      try {
        store.save(c);
      } catch (SQLException | RuntimeException e) {
        c.hostConfig = before;
        throw e;
      }
      return warnings;
    }
  }

  // ---- remove, rename, prune

  public void remove(String ref, boolean force) throws IOException, SQLException {
    remove(ref, force, false);
  }

  /** Removes a container; {@code volumes} also removes its anonymous volumes ({@code rm -v}). */
  public void remove(String ref, boolean force, boolean volumes) throws IOException, SQLException {
    Container c = require(ref);
    if (!force && c.state.status.equals("restarting")) {
      throw ApiException.conflict("cannot remove container \"/" + c.name
          + "\": container is restarting: stop the container before removing or force remove");
    }
    if (c.state.running() && !force) {
      throw ApiException.conflict("cannot remove container \"/" + c.name
          + "\": container is running: stop the container before removing or force remove");
    }
    if (force) {
      synchronized (c) {
        c.state.stoppedByUser = true;   // no restart policy brings back what is being removed
      }
    }
    // a restart that was already under way may start it once more: kill that run too
    for (int attempt = 0; force && c.state.running() && attempt < 3; attempt++) {
      CompletableFuture<Integer> exit;
      synchronized (c) {
        exit = nextExit.computeIfAbsent(c.id, k -> new CompletableFuture<>());
        if (c.state.running()) {
          signal(c, "KILL", true);
        }
      }
      if (!awaitExit(exit, KILL_WAIT_SECONDS)) {
        throw ApiException.internal("could not kill running container " + c.id + ", cannot remove");
      }
    }
    synchronized (c) {
      if (store.get(c.id) == null) {
        return; // removed meanwhile (auto-remove)
      }
      if (c.state.running()) {
        throw ApiException.conflict("cannot remove container \"/" + c.name + "\": container is running");
      }
      String before = c.state.status;
      c.state.status = "removing";
      fireStopped(c);
      stopShipping(c);
      ContainerPaths paths = paths(c);
      try {
        runtime.delete(c.id);
      } catch (IOException ignored) {
        // not created or already deleted
      }
      releaseRootfs(c, paths);
      try {
        store.delete(c.id);
      } catch (SQLException | RuntimeException e) {
        c.state.status = before;
        throw e;
      }
      events.emit(c, "destroy");
      try {
        AtomicFiles.deleteTree(paths.bundle());
        AtomicFiles.deleteTree(paths.data());
        Files.deleteIfExists(conmon.exitFile(c.id));
      } finally {
        // gone from the store: whatever happens to its files, its waiters hear of it
        for (AttachSession s : drainPending(c.id)) {
          s.end();
        }
        CompletableFuture<Integer> f = removal.remove(c.id);
        if (f != null) {
          f.complete(c.state.exitCode);
        }
        CompletableFuture<Integer> e = nextExit.remove(c.id);
        if (e != null) {
          e.complete(c.state.exitCode);
        }
      }
    }
    if (volumes) {
      removeAnonymousVolumes(c);
    }
  }

  /** Drops the container's anonymous volumes that no other container still uses (Docker's {@code rm -v}). */
  private void removeAnonymousVolumes(Container c) {
    for (MountPoint m : VolumeMounts.mountsOf(c)) {
      if (m.volume() && m.anonymous()) {
        try {
          if (volumes.users(m.name()).isEmpty()) {
            volumes.remove(m.name(), true);
          }
        } catch (IOException | SQLException | RuntimeException e) {
          LOG.warn("removing volume {} of {}: {}", m.name(), c.shortId(), e.getMessage());
        }
      }
    }
  }

  public void rename(String ref, String newName) throws SQLException {
    Container c = require(ref);
    if (newName == null || newName.isEmpty()) {
      throw ApiException.badRequest("Neither old nor new names may be empty");
    }
    String name = ContainerFactory.validateName(newName);
    synchronized (c) {
      if (name.equals(c.name)) {
        throw ApiException.badRequest("Renaming a container with the same name as its current name");
      }
      String old = c.name;
      c.name = name;
      try {
        store.save(c);
      } catch (SQLException | RuntimeException e) {
        c.name = old;
        throw e;
      }
      events.emit(c, "rename", Map.of("oldName", "/" + old));
    }
  }

  /** Removes stopped containers matching the filters (until, label); returns IDs and bytes freed. */
  public Map<String, Object> prune(Filters filters) throws IOException, SQLException {
    filters.requireKnown(java.util.Set.of("until", "label", "label!"));
    Instant until = filters.has("until") ? dev.berth.daemon.util.Times.parseInstant(filters.get("until").get(0)) : null;
    List<String> deleted = new ArrayList<>();
    long reclaimed = 0;
    for (Container c : store.all()) {
      if (c.state.running() || (until != null && !c.created.isBefore(until))) {
        continue;
      }
      Map<String, String> labels = ContainerViews.labels(c);
      if (!filters.matchesLabels("label", labels)) {
        continue;
      }
      long size = DiskUsage.of(paths(c).upper());
      try {
        remove(c.id, false);
        deleted.add(c.id);
        reclaimed += size;
      } catch (ApiException e) {
        LOG.debug("prune skipped {}: {}", c.shortId(), e.getMessage());
      }
    }
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("ContainersDeleted", deleted.isEmpty() ? null : deleted);
    out.put("SpaceReclaimed", reclaimed);
    return out;
  }

  // ---- wait

  /** A future that completes with the exit code when the condition is met. */
  public CompletableFuture<Integer> waitFor(String ref, String condition) {
    Container c = require(ref);
    String cond = condition == null || condition.isEmpty() ? "not-running" : condition;
    synchronized (c) {
      return switch (cond) {
        case "not-running" -> c.state.running()
            ? nextExit.computeIfAbsent(c.id, k -> new CompletableFuture<>())
            : CompletableFuture.completedFuture(c.state.exitCode);
        case "next-exit" -> nextExit.computeIfAbsent(c.id, k -> new CompletableFuture<>());
        case "removed" -> store.get(c.id) == null ? CompletableFuture.completedFuture(c.state.exitCode)
            : removal.computeIfAbsent(c.id, k -> new CompletableFuture<>());
        default -> throw ApiException.badRequest("invalid condition: \"" + cond + "\"");
      };
    }
  }

  // ---- run to the end (the builder's RUN)

  /**
   * Starts a created container and waits for its end, its stdout and stderr going to {@code out}
   * in stream frames as they come, one frame per write: what the builder's RUN needs, which tells
   * stderr apart as Docker does. Interrupting the caller kills the container, so a cancelled build
   * does not leave its step running.
   */
  public int runToEnd(String id, OutputStream out) throws IOException, SQLException, InterruptedException {
    AttachSession session = new AttachSession(false, true, true, false, null, () -> { });
    session.bind(out, null);
    attach(id, session);
    CompletableFuture<Integer> exit = waitFor(id, "next-exit");
    try {
      start(id);
      int code = exit.get();
      session.awaitEnd();
      return code;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      try {
        kill(id, "KILL");
      } catch (RuntimeException | IOException | SQLException ignored) {
        // it ended meanwhile
      }
      throw e;
    } finally {
      session.end();
    }
  }

  // ---- attach

  /**
   * Attaches a client: at once when the container runs, otherwise when it starts (docker run
   * attaches before it starts the container so that no output is lost).
   */
  public AttachSession attach(String ref, AttachSession session) throws IOException {
    Container c = require(ref);
    synchronized (c) {
      if (c.state.running()) {
        session.connect(paths(c).bundle());
      } else {
        pendingAttach.computeIfAbsent(c.id, k -> new CopyOnWriteArrayList<>()).add(session);
      }
    }
    events.emit(c, "attach");
    return session;
  }

  void detachPending(String id, AttachSession session) {
    List<AttachSession> l = pendingAttach.get(id);
    if (l != null) {
      l.remove(session);
    }
  }

  private List<AttachSession> drainPending(String id) {
    List<AttachSession> l = pendingAttach.remove(id);
    return l == null ? List.of() : l;
  }

  // ---- top

  /** Runs {@code ps} with the client's arguments and keeps the rows of the container's processes. */
  public Map<String, Object> top(String ref, String psArgs) throws IOException {
    Container c = require(ref);
    if (!c.state.running()) {
      throw ApiException.conflict("container " + c.id + " is not running");
    }
    return ProcessTable.of(runtime.pids(c.id), psArgs == null || psArgs.isBlank() ? "-ef" : psArgs);
  }

}
