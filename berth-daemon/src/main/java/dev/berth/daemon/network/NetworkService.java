package dev.berth.daemon.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.store.MetadataStore;
import dev.berth.daemon.sys.CommandRunner;
import dev.berth.daemon.util.Times;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container networking on Docker's default bridge: a network namespace per container, an address
 * from the bridge's subnet, and published ports, made real by netavark. Addresses and host ports in
 * use are tracked here; each container's {@link Endpoint} is persisted with the container.
 */
public final class NetworkService {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkService.class);
  public static final String DEFAULT_BRIDGE = "bridge";
  private static final String DEFAULT_SUBNET = "172.17.0.0/16";
  private static final String DEFAULT_GATEWAY = "172.17.0.1";
  private static final String DEFAULT_INTERFACE = "berth0";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Which running containers use a network (by network ID): removal is refused while any do. */
  public interface Users {
    List<String> of(String networkId);
  }

  private final MetadataStore db;
  private final Netavark netavark;
  private final AttachmentJournal journal;
  private final NetworkSweeper sweeper;
  private final Map<String, BridgeNetwork> byId = new ConcurrentHashMap<>();
  private final Set<String> usedAddresses = new HashSet<>();
  private final Set<String> usedHostPorts = new HashSet<>();
  private volatile Users users = id -> List.of();

  public NetworkService(MetadataStore db, Path execRoot) throws SQLException, IOException {
    this(db, execRoot, null, null);
  }

  /**
   * {@code bip} ({@code --bip}, the default bridge's gateway address with its prefix, as dockerd's)
   * and {@code bridgeInterface} ({@code --bridge}) configure the default bridge when it is first
   * made; null for 172.17.0.1/16 on berth0.
   */
  public NetworkService(MetadataStore db, Path execRoot, String bip, String bridgeInterface)
      throws SQLException, IOException {
    this.db = db;
    Path binary = Netavark.find("netavark");
    this.netavark = binary == null ? null
        : new Netavark(binary, Netavark.find("aardvark-dns"), execRoot.resolve("netavark"));
    this.journal = new AttachmentJournal(execRoot.resolve("network").resolve("attachments"));
    this.sweeper = new NetworkSweeper(journal, netavark, execRoot.resolve("netavark"));
    for (String doc : db.strings("SELECT document FROM networks")) {
      BridgeNetwork n = decode(doc);
      byId.put(n.id(), n);
    }
    if (find(DEFAULT_BRIDGE) == null) {
      String subnet = DEFAULT_SUBNET;
      String gateway = DEFAULT_GATEWAY;
      if (bip != null && !bip.isBlank()) {
        int[] parsed = Subnets.parse(bip);
        subnet = Subnets.fromInt(parsed[0]) + "/" + parsed[1];
        gateway = bip.substring(0, bip.indexOf('/'));
      }
      String iface = bridgeInterface == null || bridgeInterface.isBlank() ? DEFAULT_INTERFACE : bridgeInterface;
      if (iface.length() > 13) {
        throw new IllegalArgumentException("bridge interface name too long (at most 13 characters): " + iface);
      }
      BridgeNetwork b = new BridgeNetwork(newId(), DEFAULT_BRIDGE, subnet, gateway, iface, Instant.now(), false, false,
          true, Map.of());
      insert(b);
    }
  }

  private volatile dev.berth.daemon.events.EventBus bus;

  /** Where network events (create, connect, disconnect, destroy) go. */
  public void events(dev.berth.daemon.events.EventBus bus) {
    this.bus = bus;
  }

  private void emit(String action, BridgeNetwork n, String containerId) {
    dev.berth.daemon.events.EventBus b = bus;
    if (b != null && n != null) {
      Map<String, String> attributes = new java.util.HashMap<>();
      attributes.put("name", n.name());
      attributes.put("type", "bridge");
      if (containerId != null) {
        attributes.put("container", containerId);
      }
      b.publish("network", action, n.id(), attributes);
    }
  }

  public void users(Users users) {
    this.users = users;
  }

  public BridgeNetwork bridge() {
    return find(DEFAULT_BRIDGE);
  }

  public List<BridgeNetwork> all() {
    List<BridgeNetwork> out = new ArrayList<>(byId.values());
    out.sort(Comparator.comparing(BridgeNetwork::created));
    return out;
  }

  /** By name, full ID or unique ID prefix; null if none. */
  public BridgeNetwork find(String ref) {
    for (BridgeNetwork n : byId.values()) {
      if (n.name().equals(ref) || n.id().equals(ref)) {
        return n;
      }
    }
    BridgeNetwork found = null;
    for (BridgeNetwork n : byId.values()) {
      if (!ref.isEmpty() && n.id().startsWith(ref)) {
        if (found != null) {
          throw ApiException.badRequest("network " + ref + " is ambiguous");
        }
        found = n;
      }
    }
    return found;
  }

  public BridgeNetwork require(String ref) {
    BridgeNetwork n = find(ref);
    if (n == null) {
      throw ApiException.notFound("network " + ref + " not found");
    }
    return n;
  }

  public boolean available() {
    return netavark != null;
  }

  // ---- user-defined networks

  /** Creates a bridge network; the subnet is picked from Docker's default pools when not given. */
  public synchronized BridgeNetwork create(String name, String subnet, String gateway, boolean internal,
      Map<String, String> labels) throws SQLException {
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("network name cannot be empty");
    }
    NetworkNames.requireValidName(name);
    if (name.equals("host") || name.equals("none") || find(name) != null && find(name).name().equals(name)) {
      throw ApiException.conflict("network with name " + name + " already exists");
    }
    List<String> taken = byId.values().stream().map(BridgeNetwork::subnet).toList();
    boolean userSubnet = subnet != null && !subnet.isBlank();
    String cidr;
    if (userSubnet) {
      int[] parsed = Subnets.parse(subnet);
      cidr = Subnets.fromInt(parsed[0]) + "/" + parsed[1];
      for (BridgeNetwork other : byId.values()) {
        if (Subnets.overlaps(other.subnet(), cidr)) {
          throw ApiException.badRequest("invalid pool request: Pool overlaps with other one on this address space ("
              + other.name() + ": " + other.subnet() + ")");
        }
      }
    } else {
      // nor what the host already routes (other engines' bridges, the host's own networks)
      List<String> avoid = new ArrayList<>(taken);
      avoid.addAll(Subnets.hostRoutes());
      cidr = Subnets.nextFree(avoid);
    }
    String gw = gateway == null || gateway.isBlank() ? Subnets.fromInt(Subnets.parse(cidr)[0] + 1) : gateway;
    try {
      if (!Subnets.contains(cidr, gw)) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid gateway " + gw + ": it must be an address in " + cidr);
    }
    BridgeNetwork n = new BridgeNetwork(newId(), name, cidr, gw, nextInterface(), Instant.now(), internal, true,
        userSubnet, labels == null ? Map.of() : Map.copyOf(labels));
    try {
      insert(n);
    } catch (SQLException e) {
      if (MetadataStore.isUniqueViolation(e)) {
        throw ApiException.conflict("network with name " + name + " already exists");
      }
      throw e;
    }
    emit("create", n, null);
    return n;
  }

  public synchronized void remove(String ref) throws SQLException {
    BridgeNetwork n = require(ref);
    if (n.isDefault()) {
      throw ApiException.forbidden(n.name() + " is a pre-defined network and cannot be removed");
    }
    if (!users.of(n.id()).isEmpty()) {
      throw ApiException.forbidden("error while removing network: network " + n.name() + " id " + n.id()
          + " has active endpoints");
    }
    db.update("DELETE FROM networks WHERE id=?", n.id());
    byId.remove(n.id());
    emit("destroy", n, null);
  }

  /** The default bridge's interface name with a number: berth1, berth2, ... for berth0. */
  private String nextInterface() {
    Set<String> used = new HashSet<>();
    byId.values().forEach(n -> used.add(n.hostInterface()));
    String base = bridge().hostInterface().replaceAll("\\d+$", "");
    for (int i = 1; ; i++) {
      if (!used.contains(base + i) && !java.nio.file.Files.exists(Path.of("/sys/class/net", base + i))) {
        return base + i;
      }
    }
  }

  private void insert(BridgeNetwork n) throws SQLException {
    db.update("INSERT INTO networks(id, name, document) VALUES (?,?,?)", n.id(), n.name(), encode(n));
    byId.put(n.id(), n);
  }

  private static String newId() {
    byte[] idBytes = new byte[32];
    RANDOM.nextBytes(idBytes);
    return HexFormat.of().formatHex(idBytes);
  }

  private static String encode(BridgeNetwork n) {
    ObjectNode doc = Json.plain().createObjectNode().put("id", n.id()).put("name", n.name()).put("subnet", n.subnet())
        .put("gateway", n.gateway()).put("interface", n.hostInterface()).put("created", n.created().toString())
        .put("internal", n.internal()).put("dns", n.dnsEnabled()).put("userSubnet", n.userSubnet());
    ObjectNode labels = doc.putObject("labels");
    n.labels().forEach(labels::put);
    return doc.toString();
  }

  private static BridgeNetwork decode(String doc) {
    JsonNode n = Json.tree(doc.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    n.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return new BridgeNetwork(n.path("id").asText(), n.path("name").asText(), n.path("subnet").asText(),
        n.path("gateway").asText(), n.path("interface").asText(), Instant.parse(n.path("created").asText()),
        n.path("internal").asBoolean(false), n.path("dns").asBoolean(false), n.path("userSubnet").asBoolean(true),
        labels);
  }

  // ---- the default bridge's anchor

  private Endpoint anchor;

  /**
   * Keeps the default bridge up while berthd runs, as dockerd keeps docker0: netavark removes a
   * bridge (and its firewall rules) with its last interface, and making it again costs every
   * short-lived container a few hundred milliseconds. An anchor endpoint, a namespace of berthd's
   * own on the bridge's last address, keeps it; {@link #releaseDefaultBridge} tears it down.
   */
  public void keepDefaultBridgeUp() {
    if (netavark == null) {
      return;
    }
    BridgeNetwork b = bridge();
    Path netns = Path.of("/run/netns", "berth-anchor-" + b.hostInterface());
    int[] subnet = Subnets.parse(b.subnet());
    String address = Subnets.fromInt(subnet[0] + (1 << (32 - subnet[1])) - 2);
    Endpoint e = new Endpoint(b.id(), b.name(), netns.toString(), address, b.prefixLength(), b.gateway(), "",
        List.of(), List.of(), List.of(), "eth0");
    synchronized (this) {
      usedAddresses.add(b.id() + "/" + address);
    }
    try {
      if (java.nio.file.Files.exists(netns)) {
        // left by a berthd that was killed: start from a clean slate
        try {
          netavark.teardown(netns, options(b, b.id(), "berth-anchor", e));
        } catch (IOException halfMade) {
          // a setup the kill cut short has less to undo than netavark expects
          LOG.debug("teardown of the leftover anchor: {}", halfMade.getMessage());
        }
        ip("netns", "delete", netns.getFileName().toString());
      }
      ip("netns", "add", netns.getFileName().toString());
      netavark.setup(netns, options(b, b.id(), "berth-anchor", e));
      anchor = e;
    } catch (IOException | RuntimeException ex) {
      LOG.warn("could not keep the default bridge up (containers still work, a little slower): {}", ex.getMessage());
      try {
        ip("netns", "delete", netns.getFileName().toString());
      } catch (IOException ignored) {
        // not made
      }
    }
  }

  /** Tears the anchor down; the bridge goes with it unless containers still use it. */
  public void releaseDefaultBridge() {
    Endpoint e = anchor;
    if (e == null) {
      return;
    }
    anchor = null;
    try {
      netavark.teardown(Path.of(e.netns()), options(bridge(), bridge().id(), "berth-anchor", e));
    } catch (IOException | RuntimeException ex) {
      LOG.warn("releasing the default bridge failed: {}", ex.getMessage());
    }
    try {
      ip("netns", "delete", Path.of(e.netns()).getFileName().toString());
    } catch (IOException ignored) {
      // already gone
    }
  }

  // ---- attachments

  /**
   * Undoes, at start, every attachment of berthd's own that none of {@code live} (the endpoints of
   * the stored running containers, whose IDs are {@code liveContainers}) accounts for: what a crash
   * between {@code ip netns add} and the container's store write left on the host.
   */
  public int sweepOrphans(List<Endpoint> live, Set<String> liveContainers) throws IOException {
    return sweeper.sweep(live, liveContainers);
  }

  /** Marks an endpoint that survived a berthd restart as in use. */
  public synchronized void adopt(Endpoint e) {
    usedAddresses.add(e.networkId() + "/" + e.ip());
    for (PortMapping p : e.ports()) {
      usedHostPorts.add(p.protocol() + ":" + p.hostPort());
    }
  }


  /** A primary attachment under way: its planned endpoint now, netavark's result later. */
  public record Attaching(Endpoint planned, java.util.concurrent.CompletableFuture<Endpoint> result) {

    /** Waits for the attachment; on failure everything it made is already undone. */
    public Endpoint await() throws IOException {
      try {
        return result.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof ApiException api) {
          throw api;
        }
        throw new IOException(e.getCause().getMessage(), e.getCause());
      }
    }
  }

  /**
   * Starts attaching a container's eth0: the address, ports and network namespace are settled now
   * (so the runtime can be given the namespace and /etc/hosts its address), while netavark wires
   * the namespace up on another thread; {@link Attaching#await} before the container runs.
   */
  public Attaching begin(String networkRef, String containerId, String containerName, List<PortMapping> requested,
      List<String> extraAliases, String staticIp, String staticMac) throws IOException {
    return attach(networkRef, containerId, containerName, requested, extraAliases, staticIp, staticMac, "eth0");
  }

  /**
   * Attaches a running container to one more network as interface {@code iface} (eth1, eth2, ...)
   * in the namespace its eth0 made.
   */
  public Endpoint connect(String networkRef, String containerId, String containerName, List<PortMapping> requested,
      List<String> extraAliases, String staticIp, String iface) throws IOException {
    return attach(networkRef, containerId, containerName, requested, extraAliases, staticIp, null, iface).await();
  }

  /** Reserves the address and ports, makes the namespace for eth0, and has netavark wire it up. */
  private Attaching attach(String networkRef, String containerId, String containerName, List<PortMapping> requested,
      List<String> extraAliases, String staticIp, String staticMac, String iface) throws IOException {
    boolean primary = iface.equals("eth0");
    extraAliases.forEach(NetworkNames::requireValidAlias);
    if (staticMac != null && !staticMac.isBlank()
        && !staticMac.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
      throw ApiException.badRequest("invalid MAC address: " + staticMac);
    }
    if (netavark == null) {
      throw ApiException.internal("bridge networking needs netavark: apt-get install netavark aardvark-dns");
    }
    BridgeNetwork network = require(networkRef);
    String netnsName = "berth-" + containerId.substring(0, 16);
    Path netns = Path.of("/run/netns", netnsName);
    String ip;
    List<PortMapping> ports;
    synchronized (this) {
      ip = allocateAddress(network, staticIp);
      try {
        ports = reservePorts(requested, containerName, containerId);
      } catch (RuntimeException e) {
        usedAddresses.remove(network.id() + "/" + ip);
        throw e;
      }
    }
    List<String> aliases = aliasesFor(network, containerId, containerName, extraAliases);
    // aardvark-dns answers on the gateway address of a network with DNS
    List<String> dns = network.dnsEnabled() ? List.of(network.gateway()) : List.of();
    String mac = staticMac == null || staticMac.isBlank() ? macFor(ip) : staticMac.toLowerCase(java.util.Locale.ROOT);
    Endpoint planned = new Endpoint(network.id(), network.name(), netns.toString(), ip, network.prefixLength(),
        network.gateway(), mac, ports, aliases, dns, iface);
    try {
      // recorded before anything is made, so that a crash from here on leaves nothing unowned
      journal.record(netns, iface, options(network, containerId, containerName, planned));
    } catch (IOException e) {
      release(planned);
      throw ApiException.internal("failed to set up container networking: " + e.getMessage());
    }
    if (primary) {
      try {
        if (java.nio.file.Files.exists(netns)) {
          // an earlier start of this container that did not finish: start again from nothing
          ip("netns", "delete", netnsName);
        }
        ip("netns", "add", netnsName);
      } catch (IOException e) {
        journal.forget(netns, iface);
        release(planned);
        throw ApiException.internal("failed to set up container networking: " + e.getMessage());
      }
    }
    var result = new java.util.concurrent.CompletableFuture<Endpoint>();
    Thread.ofVirtual().name("netavark-setup").start(() -> {
      try {
        JsonNode answer = netavark.setup(netns, options(network, containerId, containerName, planned));
        String actual = answer.path(network.name()).path("interfaces").path(iface).path("mac_address").asText(mac);
        result.complete(new Endpoint(planned.networkId(), planned.networkName(), planned.netns(), ip,
            planned.prefixLength(), planned.gateway(), actual, ports, aliases, dns, iface));
        emit("connect", network, containerId);
      } catch (IOException | RuntimeException e) {
        boolean undone = true;
        try {
          if (primary) {
            ip("netns", "delete", netnsName);
          } else {
            netavark.teardown(netns, options(network, containerId, containerName, planned));
          }
        } catch (IOException | RuntimeException ignored) {
          undone = !primary; // a half-made extra interface is retried by the next start's sweep
        }
        if (undone) {
          journal.forget(netns, iface);
        }
        release(planned);
        result.completeExceptionally(e instanceof ApiException ? e
            : ApiException.internal("failed to set up container networking: " + e.getMessage()));
      }
    });
    return new Attaching(planned, result);
  }

  private static List<String> aliasesFor(BridgeNetwork network, String containerId, String containerName,
      List<String> extraAliases) {
    List<String> aliases = new ArrayList<>();
    if (network.dnsEnabled()) {
      aliases.add(containerName);
      aliases.add(containerId.substring(0, 12));
      for (String a : extraAliases) {
        if (!aliases.contains(a)) {
          aliases.add(a);
        }
      }
    }
    return aliases;
  }



  /** Undoes {@link #connect}: firewall rules, interfaces (the bridge with its last user), DNS names, namespace. */
  public void disconnect(String containerId, String containerName, Endpoint e) {
    disconnect(containerId, containerName, e, true);
  }

  /** Detaches one interface; {@code lastOne} also deletes the container's network namespace. */
  public void disconnect(String containerId, String containerName, Endpoint e, boolean lastOne) {
    BridgeNetwork network = byId.get(e.networkId());
    boolean undone = true;
    if (network != null && netavark != null) {
      try {
        netavark.teardown(Path.of(e.netns()), options(network, containerId, containerName, e));
      } catch (IOException | RuntimeException ex) {
        LOG.warn("network teardown of {} failed: {}", containerName, ex.getMessage());
        undone = false;
      }
    }
    if (lastOne) {
      try {
        if (java.nio.file.Files.exists(Path.of(e.netns()))) {
          ip("netns", "delete", Path.of(e.netns()).getFileName().toString());
        }
      } catch (IOException ex) {
        LOG.debug("netns delete: {}", ex.getMessage());
        undone = false;
      }
    }
    if (undone) {
      journal.forget(Path.of(e.netns()), e.iface());
    }
    release(e);
    emit("disconnect", network, containerId);
  }

  private synchronized void release(Endpoint e) {
    usedAddresses.remove(e.networkId() + "/" + e.ip());
    for (PortMapping p : e.ports()) {
      usedHostPorts.remove(p.protocol() + ":" + p.hostPort());
    }
  }

  private static ObjectNode options(BridgeNetwork network, String containerId, String containerName, Endpoint e) {
    ObjectNode o = Json.plain().createObjectNode();
    o.put("container_id", containerId);
    o.put("container_name", containerName);
    ArrayNode ports = o.putArray("port_mappings");
    for (PortMapping p : e.ports()) {
      ports.addObject().put("host_ip", p.hostIp().equals("0.0.0.0") ? "" : p.hostIp())
          .put("container_port", p.containerPort()).put("host_port", p.hostPort()).put("range", 1)
          .put("protocol", p.protocol());
    }
    ObjectNode net = o.putObject("networks").putObject(network.name());
    net.putArray("static_ips").add(e.ip());
    // the MAC follows from the address, as Docker's does: an address used again gets the same MAC,
    // so the host's neighbour cache never sends a new container's traffic to an old one's MAC
    net.put("static_mac", e.mac() == null || e.mac().isEmpty() ? macFor(e.ip()) : e.mac());
    ArrayNode aliases = net.putArray("aliases");
    (e.aliases() == null ? List.<String>of() : e.aliases()).forEach(aliases::add);
    net.put("interface_name", e.iface());
    ObjectNode info = o.putObject("network_info").putObject(network.name());
    info.put("name", network.name());
    info.put("id", network.id());
    info.put("driver", "bridge");
    info.put("network_interface", network.hostInterface());
    info.put("created", Times.rfc3339(network.created()));
    info.putArray("subnets").addObject().put("subnet", network.subnet()).put("gateway", network.gateway());
    info.put("ipv6_enabled", false);
    info.put("internal", network.internal());
    info.put("dns_enabled", network.dnsEnabled());
    info.putObject("ipam_options").put("driver", "host-local");
    return o;
  }

  static String macFor(String ip) {
    int a = Subnets.toInt(ip);
    return String.format("02:42:%02x:%02x:%02x:%02x", (a >>> 24) & 255, (a >>> 16) & 255, (a >>> 8) & 255, a & 255);
  }

  private String allocateAddress(BridgeNetwork network, String staticIp) {
    int base = Subnets.parse(network.subnet())[0];
    int size = 1 << (32 - network.prefixLength());
    int gateway = Subnets.toInt(network.gateway());
    if (staticIp != null && !staticIp.isBlank()) {
      if (!network.userSubnet()) {
        throw ApiException.badRequest("user specified IP address is supported only when connecting to networks with"
            + " user configured subnets");
      }
      int wanted;
      try {
        wanted = Subnets.toInt(staticIp);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid IPv4 address: " + staticIp);
      }
      if (!Subnets.contains(network.subnet(), staticIp) || wanted == gateway || wanted == base
          || wanted == base + size - 1) {
        throw ApiException.badRequest("no configured subnet or ip-range contain the IP address " + staticIp);
      }
      if (!usedAddresses.add(network.id() + "/" + staticIp)) {
        throw ApiException.conflict("Address already in use: " + staticIp);
      }
      return staticIp;
    }
    for (int i = 2; i < size - 1; i++) {
      int candidate = base + i;
      String address = Subnets.fromInt(candidate);
      if (candidate != gateway && usedAddresses.add(network.id() + "/" + address)) {
        return address;
      }
    }
    throw ApiException.internal("no available IPv4 addresses on network " + network.name());
  }

  /** Checks and reserves the host ports; a port of 0 gets a free one picked by the kernel. */
  private List<PortMapping> reservePorts(List<PortMapping> requested, String name, String id) {
    List<PortMapping> out = new ArrayList<>();
    Set<String> reserved = new HashSet<>();
    try {
      for (PortMapping p : requested) {
        String hostIp = p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp();
        int port = p.hostPort();
        if (port == 0) {
          port = freePort(hostIp, p.protocol());
        } else if (usedHostPorts.contains(p.protocol() + ":" + port) || !bindable(hostIp, port, p.protocol())) {
          throw ApiException.internal("failed to set up container networking: driver failed programming external"
              + " connectivity on endpoint " + name + " (" + id + "): Bind for " + hostIp + ":" + port
              + " failed: port is already allocated");
        }
        String key = p.protocol() + ":" + port;
        usedHostPorts.add(key);
        reserved.add(key);
        out.add(new PortMapping(hostIp, port, p.containerPort(), p.protocol()));
      }
      return out;
    } catch (RuntimeException e) {
      usedHostPorts.removeAll(reserved);
      throw e;
    }
  }

  private int freePort(String hostIp, String protocol) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getByName(hostIp), 0));
        port = s.getLocalPort();
      } catch (IOException e) {
        throw ApiException.badRequest("cannot publish on " + hostIp + ": " + e.getMessage());
      }
      // the kernel's pick is free for TCP; check the protocol asked for and our own forwards
      if (!usedHostPorts.contains(protocol + ":" + port) && bindable(hostIp, port, protocol)) {
        return port;
      }
    }
    throw ApiException.internal("no free host port found");
  }

  private static boolean bindable(String hostIp, int port, String protocol) {
    try {
      InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(hostIp), port);
      if (protocol.equals("udp")) {
        try (java.net.DatagramSocket d = new java.net.DatagramSocket(a)) {
          return true;
        }
      }
      try (ServerSocket s = new ServerSocket()) {
        s.bind(a);
        return true;
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static void ip(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("ip");
    cmd.addAll(List.of(args));
    CommandRunner.Result r = CommandRunner.run(cmd, 10);
    if (!r.ok()) {
      throw new IOException(String.join(" ", cmd) + ": " + (r.stderr() + r.stdout()).strip());
    }
  }

}
