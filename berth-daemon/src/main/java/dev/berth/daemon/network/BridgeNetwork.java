package dev.berth.daemon.network;

import java.time.Instant;
import java.util.Map;

/**
 * A bridge network as Berth keeps it: its identity, its IPv4 subnet and gateway, the host
 * interface netavark creates for it, and whether containers on it find each other by name
 * (user-defined networks do; the default bridge, as in Docker, does not).
 */
public record BridgeNetwork(String id, String name, String subnet, String gateway, String hostInterface,
    Instant created, boolean internal, boolean dnsEnabled, boolean userSubnet, Map<String, String> labels) {

  public int prefixLength() {
    return Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
  }

  public boolean isDefault() {
    return name.equals(NetworkService.DEFAULT_BRIDGE);
  }
}
