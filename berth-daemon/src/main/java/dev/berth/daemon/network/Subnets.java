package dev.berth.daemon.network;

import dev.berth.daemon.server.ApiException;
import java.util.Collection;

/** IPv4 subnet arithmetic: parsing CIDRs, overlap checks, and the pools new networks come from. */
final class Subnets {
  private Subnets() {}

  /** Network address and prefix length of a CIDR; 400 when it is not one. */
  static int[] parse(String cidr) {
    try {
      int slash = cidr.indexOf('/');
      int prefix = Integer.parseInt(cidr.substring(slash + 1));
      if (slash < 0 || prefix < 8 || prefix > 30) {
        throw new IllegalArgumentException();
      }
      int address = toInt(cidr.substring(0, slash));
      int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
      return new int[] {address & mask, prefix};
    } catch (RuntimeException e) {
      throw ApiException.badRequest("invalid subnet " + cidr + ": want an IPv4 CIDR with a prefix of 8 to 30 bits");
    }
  }

  static boolean overlaps(String a, String b) {
    int[] x = parse(a);
    int[] y = parse(b);
    int prefix = Math.min(x[1], y[1]);
    int mask = -1 << (32 - prefix);
    return (x[0] & mask) == (y[0] & mask);
  }

  static boolean contains(String cidr, String address) {
    int[] c = parse(cidr);
    int mask = -1 << (32 - c[1]);
    return (toInt(address) & mask) == c[0];
  }

  /** The first free /16 of 172.18-31, then /20s of 192.168, as Docker's default pools. */
  static String nextFree(Collection<String> taken) {
    for (int second = 18; second <= 31; second++) {
      String candidate = "172." + second + ".0.0/16";
      if (taken.stream().noneMatch(t -> overlaps(t, candidate))) {
        return candidate;
      }
    }
    for (int third = 0; third < 256; third += 16) {
      String candidate = "192.168." + third + ".0/20";
      if (taken.stream().noneMatch(t -> overlaps(t, candidate))) {
        return candidate;
      }
    }
    throw ApiException.badRequest("could not find an available, non-overlapping IPv4 address pool among the defaults");
  }

  /** The IPv4 networks the host routes (from /proc/net/route), the default route excepted. */
  static java.util.List<String> hostRoutes() {
    java.util.List<String> out = new java.util.ArrayList<>();
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/route"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 8 || f[0].equals("Iface")) {
          continue;
        }
        int dest = Integer.reverseBytes((int) Long.parseLong(f[1], 16));
        int mask = Integer.reverseBytes((int) Long.parseLong(f[7], 16));
        int prefix = Integer.bitCount(mask);
        if (prefix >= 8 && prefix <= 30) {
          out.add(fromInt(dest) + "/" + prefix);
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // no routing table to consult: rely on the engine's own records
    }
    return out;
  }

  static int toInt(String address) {
    String[] p = address.split("\\.");
    if (p.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + address);
    }
    int v = 0;
    for (String part : p) {
      int n = Integer.parseInt(part);
      if (n < 0 || n > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + address);
      }
      v = (v << 8) | n;
    }
    return v;
  }

  static String fromInt(int a) {
    return ((a >>> 24) & 255) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
  }
}
