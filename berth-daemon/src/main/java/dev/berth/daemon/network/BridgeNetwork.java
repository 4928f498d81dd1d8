package dev.berth.daemon.network;

import java.time.Instant;
import java.util.Map;

/**
 * A bridge network as Berth keeps it: its identity, its IPv4 subnet and gateway, the host
 * interface netavark creates for it, and whether containers on it find each other by name
 * (user-defined networks do; the default bridge, as in Docker, does not). {@code autoSubnet}: the
 * subnet was picked from the address pools rather than given, so it may be picked again when the
 * host takes it. {@code ipRange} and {@code auxAddresses} narrow where container addresses come
 * from, as the IPAM config asked; {@code ipamGiven}: the client gave an IPAM config, which inspect
 * shows back as given. {@code options}: the driver options, shown back in inspect.
 */
public record BridgeNetwork(String id, String name, String subnet, String gateway, String hostInterface,
    Instant created, boolean internal, boolean dnsEnabled, boolean userSubnet, Map<String, String> labels,
    boolean autoSubnet, String ipRange, Map<String, String> auxAddresses, boolean ipamGiven, boolean gatewayGiven,
    Map<String, String> options, Ipv6 ipv6) {

  /** The network's IPv6 side, when EnableIPv6 asked for one. */
  public record Ipv6(String subnet, String gateway, String ipRange, boolean gatewayGiven) {
    /** With the subnet's first address as the gateway, as Docker picks it. */
    Ipv6 withGateway() {
      return new Ipv6(subnet, Ipv6Subnets.at(subnet, 1), ipRange, false);
    }

    public int prefixLength() {
      return Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
    }
  }

  public int prefixLength() {
    return Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
  }

  public boolean isDefault() {
    return name.equals(NetworkService.DEFAULT_BRIDGE);
  }

  /** The same network on another subnet and interface (the default bridge, re-planned at start). */
  BridgeNetwork replan(String newSubnet, String newGateway, String newInterface, boolean auto) {
    return new BridgeNetwork(id, name, newSubnet, newGateway, newInterface, created, internal, dnsEnabled, userSubnet,
        labels, auto, ipRange, auxAddresses, ipamGiven, gatewayGiven, options, ipv6);
  }
}
