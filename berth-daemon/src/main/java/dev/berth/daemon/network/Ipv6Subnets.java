package dev.berth.daemon.network;

import dev.berth.daemon.server.ApiException;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;

/** IPv6 subnet arithmetic for IPAM: parsing, containment, the n-th address, and Docker's compact text. */
final class Ipv6Subnets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ipv6Subnets() {}

  static boolean isV6(String text) {
    return text != null && text.contains(":");
  }

  /** Network address and prefix; 400 when it is not an IPv6 CIDR with a prefix of 8 to 126. */
  static Object[] parse(String cidr) {
    try {
      int slash = cidr.indexOf('/');
      int prefix = Integer.parseInt(cidr.substring(slash + 1));
      if (slash < 0 || prefix < 8 || prefix > 126) {
        throw new IllegalArgumentException();
      }
      BigInteger a = toBig(cidr.substring(0, slash));
      return new Object[] {a.and(mask(prefix)), prefix};
    } catch (RuntimeException e) {
      throw ApiException.badRequest("invalid subnet " + cidr + ": want an IPv6 CIDR with a prefix of 8 to 126 bits");
    }
  }

  static String normalize(String cidr) {
    Object[] p = parse(cidr);
    return format((BigInteger) p[0]) + "/" + p[1];
  }

  static boolean contains(String cidr, String address) {
    Object[] p = parse(cidr);
    return toBig(address).and(mask((Integer) p[1])).equals(p[0]);
  }

  static boolean overlaps(String a, String b) {
    Object[] x = parse(a);
    Object[] y = parse(b);
    BigInteger m = mask(Math.min((Integer) x[1], (Integer) y[1]));
    return ((BigInteger) x[0]).and(m).equals(((BigInteger) y[0]).and(m));
  }

  /** The subnet's address at {@code offset}. */
  static String at(String cidr, long offset) {
    return format(((BigInteger) parse(cidr)[0]).add(BigInteger.valueOf(offset)));
  }

  /** A random unique-local /64 (fdXX:XXXX:XXXX:XXXX::/64), for EnableIPv6 without a subnet. */
  static String randomUla() {
    byte[] b = new byte[7];
    RANDOM.nextBytes(b);
    BigInteger v = BigInteger.valueOf(0xfd).shiftLeft(56).or(new BigInteger(1, b)).shiftLeft(64);
    return format(v) + "/64";
  }

  static BigInteger toBig(String address) {
    if (!isV6(address)) {
      throw new IllegalArgumentException("not an IPv6 address: " + address);
    }
    try {
      InetAddress a = InetAddress.getByName(address);
      if (!(a instanceof Inet6Address)) {
        throw new IllegalArgumentException("not an IPv6 address: " + address);
      }
      return new BigInteger(1, a.getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv6 address: " + address);
    }
  }

  /** RFC 5952 text: lower case, the longest run of zero groups as "::". */
  static String format(BigInteger v) {
    int[] g = new int[8];
    for (int i = 7; i >= 0; i--) {
      g[i] = v.and(BigInteger.valueOf(0xffff)).intValue();
      v = v.shiftRight(16);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] == 0) {
        int j = i;
        while (j < 8 && g[j] == 0) {
          j++;
        }
        if (j - i > bestLen && j - i > 1) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLen - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(g[i]));
    }
    return out.toString();
  }

  private static BigInteger mask(int prefix) {
    return BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE).shiftRight(prefix).not()
        .and(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
  }
}
