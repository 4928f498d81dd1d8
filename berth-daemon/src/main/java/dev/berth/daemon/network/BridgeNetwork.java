package dev.berth.daemon.network;

import java.time.Instant;

/**
 * A bridge network as Berth keeps it: its identity, its IPv4 subnet and gateway, and the host
 * interface netavark creates for it.
 */
public record BridgeNetwork(String id, String name, String subnet, String gateway, String hostInterface,
    Instant created) {

  public int prefixLength() {
    return Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
  }
}
