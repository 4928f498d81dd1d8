package dev.berth.cli.command.network;

import dev.berth.cli.client.Query;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared helpers of the network commands: paths, key=value lists and IP/CIDR parsing as Go's net package does it. */
public final class Networks {
  private Networks() {}

  static String path(String idOrName) {
    return "/networks/" + Query.segment(idOrName);
  }

  /** docker's ConvertKVStringsToMap: {@code k=v} words into a map, a bare {@code k} mapping to "". */
  public static Map<String, Object> keyValues(List<String> words) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String w : words) {
      int eq = w.indexOf('=');
      out.put(eq < 0 ? w : w.substring(0, eq), eq < 0 ? "" : w.substring(eq + 1));
    }
    return out;
  }

  /** The address bytes of an IPv4 or IPv6 literal (4 or 16 bytes), or null if it is not one. */
  public static byte[] parseIp(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    if (s.indexOf(':') < 0) {
      return parseIpv4(s);
    }
    return parseIpv6(s);
  }

  private static byte[] parseIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      for (int j = 0; j < p.length(); j++) {
        if (p.charAt(j) < '0' || p.charAt(j) > '9') {
          return null;
        }
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      b[i] = (byte) v;
    }
    return b;
  }

  private static byte[] parseIpv6(String s) {
    byte[] tail4 = null;
    int lastColon = s.lastIndexOf(':');
    if (s.indexOf('.', lastColon) >= 0) {
      tail4 = parseIpv4(s.substring(lastColon + 1));
      if (tail4 == null) {
        return null;
      }
      s = s.substring(0, lastColon + 1) + "0:0";
    }
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      return null;
    }
    List<Integer> head = groups(dbl < 0 ? s : s.substring(0, dbl));
    List<Integer> tail = dbl < 0 ? List.of() : groups(s.substring(dbl + 2));
    if (head == null || tail == null) {
      return null;
    }
    int n = head.size() + tail.size();
    if (dbl < 0 ? n != 8 : n > 7) {
      return null;
    }
    List<Integer> all = new ArrayList<>(head);
    for (int i = n; i < 8; i++) {
      all.add(0);
    }
    all.addAll(tail);
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[2 * i] = (byte) (all.get(i) >> 8);
      b[2 * i + 1] = (byte) (int) all.get(i);
    }
    if (tail4 != null) {
      System.arraycopy(tail4, 0, b, 12, 4);
    }
    return b;
  }

  private static List<Integer> groups(String s) {
    List<Integer> out = new ArrayList<>();
    if (s.isEmpty()) {
      return out;
    }
    for (String g : s.split(":", -1)) {
      if (g.isEmpty() || g.length() > 4) {
        return null;
      }
      try {
        out.add(Integer.parseInt(g, 16));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return out;
  }

  /** Go's {@code net.IP.String()}: dotted IPv4 (also for v4-mapped IPv6), else compressed IPv6. */
  public static String format(byte[] b) {
    if (b.length == 4 || isV4Mapped(b)) {
      int o = b.length == 4 ? 0 : 12;
      return (b[o] & 255) + "." + (b[o + 1] & 255) + "." + (b[o + 2] & 255) + "." + (b[o + 3] & 255);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && b[2 * j] == 0 && b[2 * j + 1] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(((b[2 * i] & 255) << 8) | (b[2 * i + 1] & 255)));
    }
    return sb.toString();
  }

  private static boolean isV4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  /** A parsed CIDR network: its address bytes and prefix length. */
  record Cidr(byte[] ip, int bits) {
    boolean contains(byte[] other) {
      byte[] a = ip;
      byte[] o = other;
      if (a.length != o.length) {
        if (o.length == 16 && isV4Mapped(o)) {
          o = java.util.Arrays.copyOfRange(o, 12, 16);
        } else if (a.length == 16 && isV4Mapped(a)) {
          a = java.util.Arrays.copyOfRange(a, 12, 16);
        }
        if (a.length != o.length) {
          return false;
        }
      }
      BigInteger mask = BigInteger.ONE.shiftLeft(a.length * 8).subtract(BigInteger.ONE)
          .shiftRight(bits).xor(BigInteger.ONE.shiftLeft(a.length * 8).subtract(BigInteger.ONE));
      return new BigInteger(1, a).and(mask).equals(new BigInteger(1, o).and(mask));
    }
  }

  /** Go's {@code net.ParseCIDR}; the error text is Go's {@code invalid CIDR address: X}. */
  static Cidr parseCidr(String s) {
    int slash = s.indexOf('/');
    byte[] ip = slash < 0 ? null : parseIp(s.substring(0, slash));
    int bits = -1;
    if (ip != null) {
      String b = s.substring(slash + 1);
      if (!b.isEmpty() && b.length() <= 3 && b.chars().allMatch(Character::isDigit) && (b.length() == 1 || b.charAt(0) != '0')) {
        bits = Integer.parseInt(b);
      }
    }
    if (ip == null || bits < 0 || bits > ip.length * 8) {
      throw new IllegalArgumentException("invalid CIDR address: " + s);
    }
    return new Cidr(ip, bits);
  }
}
