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
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Which running containers use a network (by network ID): removal is refused while any do. */
  public interface Users {
    List<String> of(String networkId);
  }

  private final MetadataStore db;
  private final AddressPools pools;
  private final HostClaims claims;
  private final Netavark netavark;
  private final AttachmentJournal journal;
  private final NetworkSweeper sweeper;
  private final Map<String, BridgeNetwork> byId = new ConcurrentHashMap<>();
  private final AddressAllocator addresses = new AddressAllocator();
  private final HostPorts hostPorts = new HostPorts();
  private volatile Users users = id -> List.of();

  /**
   * {@code bip} ({@code --bip}, the default bridge's gateway address with its prefix, as dockerd's)
   * and {@code bridgeInterface} ({@code --bridge}) override what {@link DefaultBridgePlanner} picks;
   * {@code pools} are where subnets come from when none is given.
   *
   * @throws IllegalArgumentException with a one-line reason when the flags cannot be honoured
   */
  public NetworkService(MetadataStore db, Path execRoot, Path dataRoot, String bip, String bridgeInterface,
      AddressPools pools) throws SQLException, IOException {
    this.db = db;
    this.pools = pools;
    this.claims = new HostClaims(HostClaims.DEFAULT_DIR, dataRoot);
    Path binary = Netavark.find("netavark");
    this.netavark = binary == null ? null
        : new Netavark(binary, Netavark.find("aardvark-dns"), execRoot.resolve("netavark"));
    this.journal = new AttachmentJournal(execRoot.resolve("network").resolve("attachments"));
    this.sweeper = new NetworkSweeper(journal, netavark, execRoot.resolve("netavark"));
    for (String doc : db.strings("SELECT document FROM networks")) {
      BridgeNetwork n = NetworkDocuments.decode(doc);
      byId.put(n.id(), n);
    }
    List<HostNetworks.Use> host = HostNetworks.current();
    for (HostNetworks.Use u : host) {
      if (pools.custom() && !isOurs(u.iface())) {
        for (AddressPools.Pool p : pools.pools()) {
          if (Subnets.overlaps(p.base(), u.cidr())) {
            throw new IllegalArgumentException("--default-address-pool " + p + " overlaps the host's " + u);
          }
        }
      }
    }
    BridgeNetwork stored = find(DEFAULT_BRIDGE);
    List<BridgeNetwork> others = byId.values().stream().filter(n -> !n.isDefault()).toList();
    DefaultBridgePlanner.Plan plan = new DefaultBridgePlanner(pools, host, claims, DefaultBridgePlanner.sysfs())
        .plan(stored, others, bip, bridgeInterface);
    if (stored == null) {
      insert(new BridgeNetwork(newId(), DEFAULT_BRIDGE, plan.subnet(), plan.gateway(), plan.iface(), Instant.now(),
          false, false, true, Map.of(), plan.autoSubnet(), null, Map.of(), false, false, Map.of(), null));
    } else if (!plan.subnet().equals(stored.subnet()) || !plan.gateway().equals(stored.gateway())
        || !plan.iface().equals(stored.hostInterface()) || plan.autoSubnet() != stored.autoSubnet()) {
      BridgeNetwork b = stored.replan(plan.subnet(), plan.gateway(), plan.iface(), plan.autoSubnet());
      db.update("UPDATE networks SET document=? WHERE id=?", NetworkDocuments.encode(b), b.id());
      byId.put(b.id(), b);
      if (!plan.subnet().equals(stored.subnet())) {
        claims.releaseSubnet(stored.subnet());
      }
      if (!plan.iface().equals(stored.hostInterface())) {
        claims.releaseInterface(stored.hostInterface());
      }
    }
    for (BridgeNetwork n : byId.values()) {
      claims.claimSubnet(n.subnet());
      claims.claimInterface(n.hostInterface());
    }
    LOG.info("default bridge {}: {} (gateway {})", bridge().hostInterface(), bridge().subnet(), bridge().gateway());
  }

  private boolean isOurs(String iface) {
    return byId.values().stream().anyMatch(n -> n.hostInterface().equals(iface));
  }

  /**
   * What info shows: Docker's DefaultAddressPools, and Berth's DefaultBridge (its interface,
   * subnet and gateway), so that a user beside Docker sees what was chosen.
   */
  public Map<String, Object> info() {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    List<Map<String, Object>> list = new ArrayList<>();
    for (AddressPools.Pool p : pools.pools()) {
      list.add(Map.of("Base", p.base(), "Size", p.size()));
    }
    out.put("DefaultAddressPools", list);
    BridgeNetwork b = bridge();
    out.put("DefaultBridge", Map.of("Name", b.hostInterface(), "Subnet", b.subnet(), "Gateway", b.gateway()));
    return out;
  }

  /** The address pools, as info shows them. */
  public AddressPools pools() {
    return pools;
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

  /**
   * Creates a bridge network. The subnet is picked from the address pools when not given, avoiding
   * this daemon's networks, the host's routes and other berthd's subnets; a given one is refused
   * only when it overlaps one of this daemon's networks, as Docker refuses it.
   */
  public synchronized BridgeNetwork create(NetworkSpec spec) throws SQLException {
    String name = spec.name();
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("network name cannot be empty");
    }
    NetworkNames.requireValidName(name);
    if (name.equals("host") || name.equals("none") || find(name) != null && find(name).name().equals(name)) {
      throw ApiException.conflict("network with name " + name + " already exists");
    }
    NetworkSpec.Pool v4 = spec.v4();
    boolean userSubnet = v4 != null;
    String cidr;
    if (userSubnet) {
      int[] parsed = Subnets.parse(v4.subnet());
      cidr = Subnets.fromInt(parsed[0]) + "/" + parsed[1];
      for (BridgeNetwork other : byId.values()) {
        if (Subnets.overlaps(other.subnet(), cidr)) {
          throw ApiException.forbidden("invalid pool request: Pool overlaps with other one on this address space");
        }
      }
    } else {
      // nor what the host already routes (other engines' bridges, the host's own networks)
      List<String> avoid = new ArrayList<>(byId.values().stream().map(BridgeNetwork::subnet).toList());
      HostNetworks.current().forEach(u -> avoid.add(u.cidr()));
      avoid.addAll(claims.subnetsOfOthers());
      cidr = pools.nextFree(avoid);
    }
    String gw = v4 == null || v4.gateway() == null ? Subnets.fromInt(Subnets.parse(cidr)[0] + 1) : v4.gateway();
    inSubnet(cidr, gw, "gateway");
    String ipRange = null;
    Map<String, String> aux = Map.of();
    if (v4 != null) {
      if (v4.ipRange() != null) {
        int[] r = Subnets.parse(v4.ipRange());
        ipRange = Subnets.fromInt(r[0]) + "/" + r[1];
        if (r[1] < Subnets.parse(cidr)[1] || !Subnets.contains(cidr, Subnets.fromInt(r[0]))) {
          throw ApiException.badRequest("invalid ip-range " + v4.ipRange() + ": it must be inside the subnet " + cidr);
        }
      }
      for (Map.Entry<String, String> e : v4.aux().entrySet()) {
        inSubnet(cidr, e.getValue(), "auxiliary address " + e.getKey() + "=");
      }
      aux = Map.copyOf(v4.aux());
    }
    BridgeNetwork.Ipv6 ipv6 = spec.enableIpv6() ? ipv6(spec.v6()) : null;
    BridgeNetwork n = new BridgeNetwork(newId(), name, cidr, gw, nextInterface(), Instant.now(), spec.internal(), true,
        userSubnet, Map.copyOf(spec.labels()), false, ipRange, aux, userSubnet, v4 != null && v4.gateway() != null,
        Map.copyOf(spec.options()), ipv6);
    try {
      insert(n);
    } catch (SQLException e) {
      claims.releaseInterface(n.hostInterface());
      if (MetadataStore.isUniqueViolation(e)) {
        throw ApiException.conflict("network with name " + name + " already exists");
      }
      throw e;
    }
    claims.claimSubnet(n.subnet());
    emit("create", n, null);
    return n;
  }

  private BridgeNetwork.Ipv6 ipv6(NetworkSpec.Pool pool) {
    if (pool == null) {
      return new BridgeNetwork.Ipv6(Ipv6Subnets.randomUla(), null, null, false).withGateway();
    }
    String subnet = Ipv6Subnets.normalize(pool.subnet());
    for (BridgeNetwork other : byId.values()) {
      if (other.ipv6() != null && Ipv6Subnets.overlaps(other.ipv6().subnet(), subnet)) {
        throw ApiException.forbidden("invalid pool request: Pool overlaps with other one on this address space");
      }
    }
    String range = pool.ipRange() == null ? null : Ipv6Subnets.normalize(pool.ipRange());
    if (range != null && !Ipv6Subnets.contains(subnet, range.substring(0, range.indexOf('/')))) {
      throw ApiException.badRequest("invalid ip-range " + pool.ipRange() + ": it must be inside the subnet " + subnet);
    }
    if (pool.gateway() != null) {
      try {
        if (!Ipv6Subnets.contains(subnet, pool.gateway())) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid gateway " + pool.gateway() + ": it must be an address in " + subnet);
      }
      return new BridgeNetwork.Ipv6(subnet, Ipv6Subnets.format(Ipv6Subnets.toBig(pool.gateway())), range, true);
    }
    return new BridgeNetwork.Ipv6(subnet, null, range, false).withGateway();
  }

  private static void inSubnet(String cidr, String address, String what) {
    try {
      if (!Subnets.contains(cidr, address)) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid " + what + (what.endsWith("=") ? "" : " ") + address
          + ": it must be an address in " + cidr);
    }
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
    claims.releaseSubnet(n.subnet());
    claims.releaseInterface(n.hostInterface());
    emit("destroy", n, null);
  }

  /**
   * A free interface name for a new network: the default bridge's with the next number (berth1,
   * berth2, ... beside berth0), one no interface, network of ours or other berthd holds.
   */
  private String nextInterface() {
    Set<String> used = new HashSet<>();
    byId.values().forEach(n -> used.add(n.hostInterface()));
    String base = bridge().hostInterface().replaceAll("\\d+$", "");
    for (int i = 1; ; i++) {
      String name = base + i;
      if (!used.contains(name) && !java.nio.file.Files.exists(Path.of("/sys/class/net", name))
          && !claims.interfaceTakenByOther(name)) {
        claims.claimInterface(name);
        return name;
      }
    }
  }

  private void insert(BridgeNetwork n) throws SQLException {
    db.update("INSERT INTO networks(id, name, document) VALUES (?,?,?)", n.id(), n.name(), NetworkDocuments.encode(n));
    byId.put(n.id(), n);
  }

  private static String newId() {
    byte[] idBytes = new byte[32];
    RANDOM.nextBytes(idBytes);
    return HexFormat.of().formatHex(idBytes);
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
      addresses.take(b.id(), address);
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
    addresses.take(e.networkId(), e.ip());
    if (e.ipv6() != null) {
      addresses.take(e.networkId(), e.ipv6());
    }
    for (PortMapping p : e.ports()) {
      hostPorts.take(p.protocol(), p.hostPort());
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
      EndpointRequest request) throws IOException {
    return attach(networkRef, containerId, containerName, requested, request, "eth0");
  }

  /**
   * Attaches a running container to one more network as interface {@code iface} (eth1, eth2, ...)
   * in the namespace its eth0 made.
   */
  public Endpoint connect(String networkRef, String containerId, String containerName, EndpointRequest request,
      String iface) throws IOException {
    return attach(networkRef, containerId, containerName, List.of(), request, iface).await();
  }

  /**
   * Checks an endpoint request against its network without reserving anything, so that create
   * and connect refuse bad addresses before anything is made.
   */
  public void check(String networkRef, EndpointRequest request) {
    BridgeNetwork network = require(networkRef);
    checkMac(request.mac());
    if (!request.ipv4().isBlank()) {
      AddressAllocator.checkV4(network, request.ipv4());
    }
    if (!request.ipv6().isBlank()) {
      AddressAllocator.checkV6(network, request.ipv6());
    }
  }

  private static void checkMac(String mac) {
    if (mac != null && !mac.isBlank() && !mac.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
      throw ApiException.badRequest("invalid MAC address: " + mac);
    }
  }

  /** Reserves the address and ports, makes the namespace for eth0, and has netavark wire it up. */
  private Attaching attach(String networkRef, String containerId, String containerName, List<PortMapping> requested,
      EndpointRequest request, String iface) throws IOException {
    boolean primary = iface.equals("eth0");
    request.aliases().forEach(NetworkNames::requireValidAlias);
    String staticMac = request.mac();
    checkMac(staticMac);
    if (netavark == null) {
      throw ApiException.internal("bridge networking needs netavark: apt-get install netavark aardvark-dns");
    }
    BridgeNetwork network = require(networkRef);
    String netnsName = "berth-" + containerId.substring(0, 16);
    Path netns = Path.of("/run/netns", netnsName);
    String ip;
    String ip6 = null;
    List<PortMapping> ports;
    synchronized (this) {
      ip = addresses.v4(network, request.ipv4());
      try {
        ip6 = addresses.v6(network, request.ipv6());
        ports = hostPorts.reserve(requested, containerName, containerId);
      } catch (RuntimeException e) {
        addresses.release(network.id(), ip);
        if (ip6 != null) {
          addresses.release(network.id(), ip6);
        }
        throw e;
      }
    }
    List<String> aliases = aliasesFor(network, containerId, containerName, request.aliases());
    // aardvark-dns answers on the gateway address of a network with DNS
    List<String> dns = network.dnsEnabled() ? List.of(network.gateway()) : List.of();
    String mac = staticMac == null || staticMac.isBlank() ? macFor(ip) : staticMac.toLowerCase(java.util.Locale.ROOT);
    Endpoint planned = new Endpoint(network.id(), network.name(), netns.toString(), ip, network.prefixLength(),
        network.gateway(), mac, ports, aliases, dns, iface, ip6,
        network.ipv6() == null ? 0 : network.ipv6().prefixLength(), network.ipv6() == null ? null
            : network.ipv6().gateway());
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
        result.complete(planned.withMac(actual));
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

  /** Deletes a container's network namespace whose eth0 was already torn down (disconnected). */
  public void deleteNamespace(Endpoint e) {
    if (e == null) {
      return;
    }
    try {
      ip("netns", "delete", Path.of(e.netns()).getFileName().toString());
    } catch (IOException ex) {
      LOG.debug("netns delete: {}", ex.getMessage());
    }
  }

  private synchronized void release(Endpoint e) {
    addresses.release(e.networkId(), e.ip());
    if (e.ipv6() != null) {
      addresses.release(e.networkId(), e.ipv6());
    }
    for (PortMapping p : e.ports()) {
      hostPorts.release(p.protocol(), p.hostPort());
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
    ArrayNode ips = net.putArray("static_ips").add(e.ip());
    if (e.ipv6() != null) {
      ips.add(e.ipv6());
    }
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
    ArrayNode subnets = info.putArray("subnets");
    subnets.addObject().put("subnet", network.subnet()).put("gateway", network.gateway());
    if (network.ipv6() != null) {
      subnets.addObject().put("subnet", network.ipv6().subnet()).put("gateway", network.ipv6().gateway());
    }
    info.put("ipv6_enabled", network.ipv6() != null);
    info.put("internal", network.internal());
    info.put("dns_enabled", network.dnsEnabled());
    info.putObject("ipam_options").put("driver", "host-local");
    return o;
  }

  static String macFor(String ip) {
    int a = Subnets.toInt(ip);
    return String.format("02:42:%02x:%02x:%02x:%02x", (a >>> 24) & 255, (a >>> 16) & 255, (a >>> 8) & 255, a & 255);
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
