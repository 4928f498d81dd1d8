package dev.berth.daemon.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parts of a network's inspect that follow Docker's rules for what was given and what was picked. */
final class NetworkViews {
  private NetworkViews() {}

  /**
   * {@code IPAM.Config}: a pool the client gave is shown as given (a gateway it did not give is
   * not shown, as in Docker); a subnet Berth picked is shown with its gateway.
   */
  static List<Map<String, Object>> ipamConfig(BridgeNetwork n) {
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, Object> v4 = new LinkedHashMap<>();
    v4.put("Subnet", n.subnet());
    if (n.ipRange() != null) {
      v4.put("IPRange", n.ipRange());
    }
    if (!n.ipamGiven() || n.gatewayGiven()) {
      v4.put("Gateway", n.gateway());
    }
    if (n.auxAddresses() != null && !n.auxAddresses().isEmpty()) {
      v4.put("AuxiliaryAddresses", n.auxAddresses());
    }
    out.add(v4);
    if (n.ipv6() != null) {
      Map<String, Object> v6 = new LinkedHashMap<>();
      v6.put("Subnet", n.ipv6().subnet());
      if (n.ipv6().ipRange() != null) {
        v6.put("IPRange", n.ipv6().ipRange());
      }
      v6.put("Gateway", n.ipv6().gateway());
      out.add(v6);
    }
    return out;
  }
}
