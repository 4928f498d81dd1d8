package dev.berth.daemon.network;

import java.util.List;

/**
 * A container's attachment to a bridge network while it runs: the network namespace made for it,
 * its address, the names it answers to on the network, its DNS servers and the host ports
 * forwarded to it. Persisted with the container so that berthd can tear it down after a restart.
 */
public record Endpoint(String networkId, String networkName, String netns, String ip, int prefixLength,
    String gateway, String mac, List<PortMapping> ports, List<String> aliases, List<String> dnsServers, String iface,
    String ipv6, int ipv6PrefixLength, String ipv6Gateway) {

  public Endpoint(String networkId, String networkName, String netns, String ip, int prefixLength, String gateway,
      String mac, List<PortMapping> ports, List<String> aliases, List<String> dnsServers, String iface) {
    this(networkId, networkName, netns, ip, prefixLength, gateway, mac, ports, aliases, dnsServers, iface, null, 0,
        null);
  }

  /** The same endpoint with netavark's MAC address. */
  Endpoint withMac(String actual) {
    return new Endpoint(networkId, networkName, netns, ip, prefixLength, gateway, actual, ports, aliases, dnsServers,
        iface, ipv6, ipv6PrefixLength, ipv6Gateway);
  }

  /** The interface inside the container; eth0 for endpoints recorded before interfaces were named. */
  public String iface() {
    return iface == null ? "eth0" : iface;
  }
}
