package dev.berth.daemon.network;

import dev.berth.daemon.sys.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The IPv4 networks the host already uses: the routes of its main table and the addresses of its
 * interfaces (an interface that is down holds its address without a route). A subnet that
 * overlaps one of them would give the host two ways to one network, and published ports on the
 * second one would never answer; Berth's own bridges are left out by name.
 */
public final class HostNetworks {
  /** A network in use on the host, with the interface that holds it. */
  public record Use(String cidr, String iface, String kind) {
    /** As the error names it: {@code 172.17.0.0/16 dev docker0}. */
    @Override
    public String toString() {
      return kind.equals("address") ? "address " + cidr + " on " + iface : "route " + cidr + " dev " + iface;
    }
  }

  private HostNetworks() {}

  /** Everything the host uses now, the default route excepted. */
  public static List<Use> current() {
    List<Use> out = new ArrayList<>(routes(Path.of("/proc/net/route")));
    out.addAll(addresses());
    return out;
  }

  /** The first use that overlaps {@code cidr} on an interface not in {@code ownInterfaces}; null if none. */
  public static Use conflict(List<Use> uses, String cidr, Set<String> ownInterfaces) {
    for (Use u : uses) {
      if (!ownInterfaces.contains(u.iface()) && Subnets.overlaps(u.cidr(), cidr)) {
        return u;
      }
    }
    return null;
  }

  static List<Use> routes(Path table) {
    List<Use> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(table)) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 8 || f[0].equals("Iface")) {
          continue;
        }
        int dest = Integer.reverseBytes((int) Long.parseLong(f[1], 16));
        int mask = Integer.reverseBytes((int) Long.parseLong(f[7], 16));
        int prefix = Integer.bitCount(mask);
        if (prefix >= 8 && prefix <= 30) {
          out.add(new Use(Subnets.fromInt(dest & mask) + "/" + prefix, f[0], "route"));
        }
      }
    } catch (IOException | RuntimeException e) {
      // no routing table to consult: rely on the engine's own records
    }
    return out;
  }

  /** {@code ip -o -4 addr show}: "2: eth0    inet 192.0.2.2/24 brd ... scope global eth0". */
  static List<Use> addresses() {
    List<Use> out = new ArrayList<>();
    try {
      CommandRunner.Result r = CommandRunner.run(List.of("ip", "-o", "-4", "addr", "show"), 10);
      if (r.ok()) {
        out.addAll(parseAddresses(r.stdout()));
      }
    } catch (IOException | RuntimeException e) {
      // no ip(8): the routes still tell most of it
    }
    return out;
  }

  static List<Use> parseAddresses(String text) {
    List<Use> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      for (int i = 0; i + 1 < f.length; i++) {
        if (f[i].equals("inet") && f.length > 1) {
          String iface = f[1].replaceAll(":$", "").replaceAll("@.*", "");
          String cidr = f[i + 1];
          int slash = cidr.indexOf('/');
          int prefix = slash < 0 ? 32 : Integer.parseInt(cidr.substring(slash + 1));
          if (prefix >= 8 && prefix <= 30 && !iface.equals("lo")) {
            int[] p = Subnets.parse(cidr);
            out.add(new Use(Subnets.fromInt(p[0]) + "/" + p[1], iface, "address"));
          }
          break;
        }
      }
    }
    return out;
  }
}
