package dev.berth.daemon.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.store.MetadataStore;
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
import java.util.concurrent.TimeUnit;
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

  private final MetadataStore db;
  private final Netavark netavark;
  private final BridgeNetwork bridge;
  private final Set<Integer> usedAddresses = new HashSet<>();
  private final Set<String> usedHostPorts = new HashSet<>();

  public NetworkService(MetadataStore db, Path execRoot) throws SQLException, IOException {
    this.db = db;
    Path binary = Netavark.find("netavark");
    this.netavark = binary == null ? null
        : new Netavark(binary, Netavark.find("aardvark-dns"), execRoot.resolve("netavark"));
    this.bridge = loadOrCreateBridge();
  }

  private BridgeNetwork loadOrCreateBridge() throws SQLException {
    List<String> docs = db.strings("SELECT document FROM networks WHERE name=?", DEFAULT_BRIDGE);
    if (!docs.isEmpty()) {
      JsonNode n = Json.tree(docs.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new BridgeNetwork(n.path("id").asText(), n.path("name").asText(), n.path("subnet").asText(),
          n.path("gateway").asText(), n.path("interface").asText(), Instant.parse(n.path("created").asText()));
    }
    byte[] idBytes = new byte[32];
    RANDOM.nextBytes(idBytes);
    BridgeNetwork b = new BridgeNetwork(HexFormat.of().formatHex(idBytes), DEFAULT_BRIDGE, DEFAULT_SUBNET,
        DEFAULT_GATEWAY, DEFAULT_INTERFACE, Instant.now());
    ObjectNode doc = Json.plain().createObjectNode().put("id", b.id()).put("name", b.name()).put("subnet", b.subnet())
        .put("gateway", b.gateway()).put("interface", b.hostInterface()).put("created", b.created().toString());
    db.update("INSERT INTO networks(id, name, document) VALUES (?,?,?)", b.id(), b.name(), doc.toString());
    return b;
  }

  public BridgeNetwork bridge() {
    return bridge;
  }

  public boolean available() {
    return netavark != null;
  }

  /** Marks an endpoint that survived a berthd restart as in use. */
  public synchronized void adopt(Endpoint e) {
    usedAddresses.add(toInt(e.ip()));
    for (PortMapping p : e.ports()) {
      usedHostPorts.add(p.protocol() + ":" + p.hostPort());
    }
  }

  /** Gives a container its namespace, address and published ports on the default bridge. */
  public Endpoint connect(String containerId, String containerName, List<PortMapping> requested) throws IOException {
    if (netavark == null) {
      throw ApiException.internal("bridge networking needs netavark: apt-get install netavark aardvark-dns");
    }
    String netnsName = "berth-" + containerId.substring(0, 16);
    Path netns = Path.of("/run/netns", netnsName);
    String ip;
    List<PortMapping> ports;
    synchronized (this) {
      ip = allocateAddress();
      try {
        ports = reservePorts(requested, containerName, containerId);
      } catch (RuntimeException e) {
        usedAddresses.remove(toInt(ip));
        throw e;
      }
    }
    Endpoint pending = new Endpoint(bridge.id(), bridge.name(), netns.toString(), ip, bridge.prefixLength(),
        bridge.gateway(), "", ports);
    try {
      ip("netns", "add", netnsName);
      JsonNode answer = netavark.setup(netns, options(containerId, containerName, pending));
      String mac = answer.path(bridge.name()).path("interfaces").path("eth0").path("mac_address").asText("");
      return new Endpoint(pending.networkId(), pending.networkName(), pending.netns(), ip, pending.prefixLength(),
          pending.gateway(), mac, ports);
    } catch (IOException | RuntimeException e) {
      try {
        ip("netns", "delete", netnsName);
      } catch (IOException ignored) {
        // it was not made
      }
      release(pending);
      throw e instanceof ApiException api ? api
          : ApiException.internal("failed to set up container networking: " + e.getMessage());
    }
  }

  /** Undoes {@link #connect}: firewall rules, interfaces (the bridge with its last user), namespace. */
  public void disconnect(String containerId, String containerName, Endpoint e) {
    try {
      netavark.teardown(Path.of(e.netns()), options(containerId, containerName, e));
    } catch (IOException | RuntimeException ex) {
      LOG.warn("network teardown of {} failed: {}", containerName, ex.getMessage());
    }
    try {
      ip("netns", "delete", Path.of(e.netns()).getFileName().toString());
    } catch (IOException ex) {
      LOG.debug("netns delete: {}", ex.getMessage());
    }
    release(e);
  }

  private synchronized void release(Endpoint e) {
    usedAddresses.remove(toInt(e.ip()));
    for (PortMapping p : e.ports()) {
      usedHostPorts.remove(p.protocol() + ":" + p.hostPort());
    }
  }

  private ObjectNode options(String containerId, String containerName, Endpoint e) {
    ObjectNode o = Json.plain().createObjectNode();
    o.put("container_id", containerId);
    o.put("container_name", containerName);
    ArrayNode ports = o.putArray("port_mappings");
    for (PortMapping p : e.ports()) {
      ports.addObject().put("host_ip", p.hostIp().equals("0.0.0.0") ? "" : p.hostIp())
          .put("container_port", p.containerPort()).put("host_port", p.hostPort()).put("range", 1)
          .put("protocol", p.protocol());
    }
    ObjectNode net = o.putObject("networks").putObject(bridge.name());
    net.putArray("static_ips").add(e.ip());
    net.putArray("aliases");
    net.put("interface_name", "eth0");
    ObjectNode info = o.putObject("network_info").putObject(bridge.name());
    info.put("name", bridge.name());
    info.put("id", bridge.id());
    info.put("driver", "bridge");
    info.put("network_interface", bridge.hostInterface());
    info.put("created", Times.rfc3339(bridge.created()));
    info.putArray("subnets").addObject().put("subnet", bridge.subnet()).put("gateway", bridge.gateway());
    info.put("ipv6_enabled", false);
    info.put("internal", false);
    info.put("dns_enabled", false);
    info.putObject("ipam_options").put("driver", "host-local");
    return o;
  }

  private String allocateAddress() {
    int base = toInt(bridge.subnet().substring(0, bridge.subnet().indexOf('/')));
    int size = 1 << (32 - bridge.prefixLength());
    int gateway = toInt(bridge.gateway());
    for (int i = 2; i < size - 1; i++) {
      int candidate = base + i;
      if (candidate != gateway && !usedAddresses.contains(candidate)) {
        usedAddresses.add(candidate);
        return fromInt(candidate);
      }
    }
    throw ApiException.internal("no available IPv4 addresses on network " + bridge.name());
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
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", cmd) + ": " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  static int toInt(String address) {
    String[] p = address.split("\\.");
    return (Integer.parseInt(p[0]) << 24) | (Integer.parseInt(p[1]) << 16) | (Integer.parseInt(p[2]) << 8)
        | Integer.parseInt(p[3]);
  }

  static String fromInt(int a) {
    return ((a >>> 24) & 255) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
  }
}
