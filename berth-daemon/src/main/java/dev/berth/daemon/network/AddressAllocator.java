package dev.berth.daemon.network;

import dev.berth.daemon.server.ApiException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The addresses in use on each network and the next free one: IPv4 from the subnet or its
 * IPRange, never the gateway or an auxiliary address, IPv6 likewise; static addresses checked
 * against the network as Docker checks them. The IPAM is the engine's, netavark is told the result.
 */
final class AddressAllocator {
  private final Set<String> used = new HashSet<>();

  /** Marks an address as taken; false when it already was. */
  synchronized boolean take(String networkId, String address) {
    return used.add(networkId + "/" + address);
  }

  synchronized void release(String networkId, String address) {
    if (address != null) {
      used.remove(networkId + "/" + address);
    }
  }

  static void checkV4(BridgeNetwork network, String staticIp) {
    if (network.isDefault() || !network.userSubnet()) {
      throw ApiException.badRequest("user specified IP address is supported only when connecting to networks with"
          + " user configured subnets");
    }
    int wanted;
    try {
      wanted = Subnets.toInt(staticIp);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid IPv4 address: " + staticIp);
    }
    int base = Subnets.parse(network.subnet())[0];
    int size = 1 << (32 - network.prefixLength());
    if (!Subnets.contains(network.subnet(), staticIp) || wanted == Subnets.toInt(network.gateway()) || wanted == base
        || wanted == base + size - 1) {
      throw ApiException.badRequest("no configured subnet or ip-range contain the IP address " + staticIp);
    }
  }

  static void checkV6(BridgeNetwork network, String staticIp) {
    if (network.ipv6() == null) {
      throw ApiException.badRequest("user specified IPv6 address is supported only when connecting to networks with"
          + " IPv6 enabled (EnableIPv6) and a user configured subnet");
    }
    try {
      if (!Ipv6Subnets.contains(network.ipv6().subnet(), staticIp)
          || Ipv6Subnets.toBig(staticIp).equals(Ipv6Subnets.toBig(network.ipv6().gateway()))) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("no configured subnet or ip-range contain the IP address " + staticIp);
    }
  }

  /** An IPv6 address on a network with IPv6, else null. */
  synchronized String v6(BridgeNetwork network, String staticIp) {
    if (staticIp != null && !staticIp.isBlank()) {
      checkV6(network, staticIp);
      String text = Ipv6Subnets.format(Ipv6Subnets.toBig(staticIp));
      if (!used.add(network.id() + "/" + text)) {
        throw ApiException.conflict("Address already in use: " + staticIp);
      }
      return text;
    }
    if (network.ipv6() == null) {
      return null;
    }
    String from = network.ipv6().ipRange() != null ? network.ipv6().ipRange() : network.ipv6().subnet();
    String gateway = network.ipv6().gateway();
    for (long i = 2; i < 1 << 20; i++) {
      String candidate = Ipv6Subnets.at(from, i);
      if (!candidate.equals(gateway) && used.add(network.id() + "/" + candidate)) {
        return candidate;
      }
    }
    throw ApiException.internal("no available IPv6 addresses on network " + network.name());
  }

  synchronized String v4(BridgeNetwork network, String staticIp) {
    int base = Subnets.parse(network.subnet())[0];
    int size = 1 << (32 - network.prefixLength());
    int gateway = Subnets.toInt(network.gateway());
    Set<Integer> aux = new HashSet<>();
    (network.auxAddresses() == null ? Map.<String, String>of() : network.auxAddresses()).values()
        .forEach(a -> aux.add(Subnets.toInt(a)));
    if (staticIp != null && !staticIp.isBlank()) {
      checkV4(network, staticIp);
      int wanted = Subnets.toInt(staticIp);
      if (aux.contains(wanted) || !used.add(network.id() + "/" + staticIp)) {
        throw ApiException.conflict("Address already in use: " + staticIp);
      }
      return staticIp;
    }
    int from = base;
    int count = size;
    if (network.ipRange() != null) {
      int[] r = Subnets.parse(network.ipRange());
      from = r[0];
      count = 1 << (32 - r[1]);
    }
    for (int i = 0; i < count; i++) {
      int candidate = from + i;
      if (candidate - base < 2 || candidate == base + size - 1 || candidate == gateway || aux.contains(candidate)) {
        continue;
      }
      String address = Subnets.fromInt(candidate);
      if (used.add(network.id() + "/" + address)) {
        return address;
      }
    }
    throw ApiException.internal("no available IPv4 addresses on network " + network.name());
  }
}
