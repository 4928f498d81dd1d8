package dev.berth.daemon.network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the default bridge's subnet and interface at each start. {@code --bip} wins, but is
 * refused when the host already routes into it. Otherwise the subnet chosen at the first start is
 * kept, unless it was picked automatically, its bridge is down and something else now holds it
 * (Docker started while berthd was stopped): then, as at the first start, the first subnet of the
 * address pools that no host route, interface, network of ours or other berthd holds. The name is
 * {@code --bridge}, else the stored one, else the first of berth0, berth1, ... that is free.
 */
final class DefaultBridgePlanner {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultBridgePlanner.class);
  static final String BASE_NAME = "berth";

  /** The plan: what the default bridge is this run. */
  record Plan(String subnet, String gateway, String iface, boolean autoSubnet) {}

  private final AddressPools pools;
  private final List<HostNetworks.Use> host;
  private final HostClaims claims;
  private final Predicate<String> interfaceExists;

  DefaultBridgePlanner(AddressPools pools, List<HostNetworks.Use> host, HostClaims claims,
      Predicate<String> interfaceExists) {
    this.pools = pools;
    this.host = host;
    this.claims = claims;
    this.interfaceExists = interfaceExists;
  }

  static Predicate<String> sysfs() {
    return name -> Files.exists(Path.of("/sys/class/net", name));
  }

  /**
   * @param stored the default bridge as stored, or null at the first start
   * @param others this daemon's other networks
   * @throws IllegalArgumentException with a one-line reason (a --bip that overlaps a route, ...)
   */
  Plan plan(BridgeNetwork stored, Collection<BridgeNetwork> others, String bip, String bridgeName) {
    Plan p = decide(stored, others, bip, bridgeName);
    // claimed only once every check passed, so a refused start leaves no claim behind
    if (!claims.claimInterface(p.iface())) {
      throw new IllegalArgumentException("the bridge name " + p.iface() + " was just taken by another berthd starting"
          + " at the same time: start again");
    }
    return p;
  }

  private Plan decide(BridgeNetwork stored, Collection<BridgeNetwork> others, String bip, String bridgeName) {
    Set<String> own = new HashSet<>();
    others.forEach(n -> own.add(n.hostInterface()));
    String iface = chooseInterface(stored, own, bridgeName);
    own.add(iface);
    List<String> ours = others.stream().map(BridgeNetwork::subnet).toList();
    List<String> otherDaemons = claims.subnetsOfOthers();
    if (bip != null && !bip.isBlank()) {
      int slash = bip.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException("invalid --bip " + bip + ": want the bridge's address and prefix, e.g."
            + " 172.17.0.1/16");
      }
      int[] parsed;
      try {
        parsed = Subnets.parse(bip);
        Subnets.toInt(bip.substring(0, slash));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("invalid --bip " + bip + ": want an IPv4 address with a prefix of 8 to 30");
      }
      String subnet = Subnets.fromInt(parsed[0]) + "/" + parsed[1];
      String gateway = bip.substring(0, slash);
      if (gateway.equals(Subnets.fromInt(parsed[0]))) {
        throw new IllegalArgumentException("invalid --bip " + bip + ": the bridge's address must be a host address"
            + " in " + subnet + ", e.g. " + Subnets.fromInt(parsed[0] + 1) + "/" + parsed[1]);
      }
      HostNetworks.Use clash = HostNetworks.conflict(host, subnet, own);
      if (clash != null) {
        throw new IllegalArgumentException("--bip " + bip + " overlaps the host's " + clash);
      }
      for (BridgeNetwork n : others) {
        if (Subnets.overlaps(n.subnet(), subnet)) {
          throw new IllegalArgumentException("--bip " + bip + " overlaps network " + n.name() + " (" + n.subnet() + ")");
        }
      }
      for (String s : otherDaemons) {
        if (Subnets.overlaps(s, subnet)) {
          throw new IllegalArgumentException("--bip " + bip + " overlaps " + s + ", the subnet of another berthd on"
              + " this host");
        }
      }
      return new Plan(subnet, gateway, iface, false);
    }
    if (stored != null) {
      boolean up = interfaceExists.test(stored.hostInterface());
      String why = null;
      if (stored.autoSubnet() && !up) {
        HostNetworks.Use clash = HostNetworks.conflict(host, stored.subnet(), own);
        if (clash != null) {
          why = "the host's " + clash;
        } else if (otherDaemons.stream().anyMatch(s -> Subnets.overlaps(s, stored.subnet()))) {
          why = "another berthd";
        }
      }
      if (why == null) {
        return new Plan(stored.subnet(), stored.gateway(), iface, stored.autoSubnet());
      }
      LOG.warn("the default bridge's subnet {} is now held by {}: picking another", stored.subnet(), why);
    }
    List<String> taken = new ArrayList<>(ours);
    taken.addAll(otherDaemons);
    String subnet = pools.first(c -> taken.stream().noneMatch(t -> Subnets.overlaps(t, c))
        && HostNetworks.conflict(host, c, own) == null);
    if (subnet == null) {
      throw new IllegalArgumentException("no free subnet for the default bridge in the address pools "
          + pools.pools() + ": every one overlaps a host route or another network; give one with --bip or"
          + " --default-address-pool");
    }
    return new Plan(subnet, Subnets.fromInt(Subnets.parse(subnet)[0] + 1), iface, true);
  }

  private String chooseInterface(BridgeNetwork stored, Set<String> own, String bridgeName) {
    if (bridgeName != null && !bridgeName.isBlank()) {
      if (bridgeName.length() > 13 || !bridgeName.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException("invalid --bridge " + bridgeName
            + ": want an interface name of at most 13 letters, digits, '.', '_' or '-'");
      }
      if (claims.interfaceTakenByOther(bridgeName)) {
        throw new IllegalArgumentException("--bridge " + bridgeName + " is held by another berthd on this host");
      }
      return bridgeName;
    }
    if (stored != null && !claims.interfaceTakenByOther(stored.hostInterface())) {
      return stored.hostInterface();
    }
    for (int i = 0; ; i++) {
      String name = BASE_NAME + i;
      if (!own.contains(name) && !interfaceExists.test(name) && !claims.interfaceTakenByOther(name)) {
        return name;
      }
    }
  }
}
