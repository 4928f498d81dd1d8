package dev.berth.daemon.network;

import dev.berth.daemon.server.ApiException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The address pools networks without a subnet of their own take theirs from, as dockerd's
 * {@code --default-address-pool base=CIDR,size=N}: by default 172.17.0.0/16 to 172.31.0.0/16 in
 * /16s, then 192.168.0.0/16 in /20s. The default bridge takes the first free subnet of the pools
 * too, so it lands on 172.17.0.0/16 on a host without Docker and beside docker0 on one with it.
 */
public final class AddressPools {
  /** One pool: a base network cut into subnets of {@code size} bits of prefix. */
  public record Pool(String base, int size) {
    @Override
    public String toString() {
      return "base=" + base + ",size=" + size;
    }
  }

  private static final List<Pool> DEFAULTS = List.of(new Pool("172.17.0.0/16", 16), new Pool("172.18.0.0/16", 16),
      new Pool("172.19.0.0/16", 16), new Pool("172.20.0.0/14", 16), new Pool("172.24.0.0/14", 16),
      new Pool("172.28.0.0/14", 16), new Pool("192.168.0.0/16", 20));

  private final List<Pool> pools;
  private final boolean custom;

  private AddressPools(List<Pool> pools, boolean custom) {
    this.pools = List.copyOf(pools);
    this.custom = custom;
  }

  public static AddressPools defaults() {
    return new AddressPools(DEFAULTS, false);
  }

  /**
   * Pools from {@code --default-address-pool} values; none given means Docker's defaults.
   *
   * @throws IllegalArgumentException with a one-line reason for a malformed value
   */
  public static AddressPools parse(List<String> specs) {
    if (specs == null || specs.isEmpty()) {
      return defaults();
    }
    List<Pool> out = new ArrayList<>();
    for (String spec : specs) {
      String base = null;
      Integer size = null;
      for (String part : spec.split(",")) {
        int eq = part.indexOf('=');
        String key = eq < 0 ? part.strip() : part.substring(0, eq).strip();
        String value = eq < 0 ? "" : part.substring(eq + 1).strip();
        switch (key) {
          case "base" -> base = value;
          case "size" -> {
            try {
              size = Integer.parseInt(value);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("invalid --default-address-pool " + spec + ": size must be a number");
            }
          }
          default -> throw new IllegalArgumentException("invalid --default-address-pool " + spec
              + ": unknown field " + key + " (want base=CIDR,size=N)");
        }
      }
      if (base == null || size == null) {
        throw new IllegalArgumentException("invalid --default-address-pool " + spec + ": want base=CIDR,size=N");
      }
      int[] parsed;
      try {
        parsed = Subnets.parse(base);
      } catch (ApiException e) {
        throw new IllegalArgumentException("invalid --default-address-pool " + spec + ": " + e.getMessage());
      }
      if (size < parsed[1] || size > 30) {
        throw new IllegalArgumentException("invalid --default-address-pool " + spec + ": size " + size
            + " must be between the base's prefix length /" + parsed[1] + " and 30");
      }
      out.add(new Pool(Subnets.fromInt(parsed[0]) + "/" + parsed[1], size));
    }
    return new AddressPools(out, true);
  }

  public List<Pool> pools() {
    return pools;
  }

  /** Whether the pools came from the command line (info shows them then, as dockerd's does). */
  public boolean custom() {
    return custom;
  }

  /** The first subnet of the pools that {@code free} accepts; null when every one is taken. */
  public String first(Predicate<String> free) {
    for (Pool p : pools) {
      int[] base = Subnets.parse(p.base());
      long count = 1L << (p.size() - base[1]);
      long step = 1L << (32 - p.size());
      for (long i = 0; i < count; i++) {
        String candidate = Subnets.fromInt((int) (base[0] + i * step)) + "/" + p.size();
        if (free.test(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  /** The first subnet of the pools that overlaps none of {@code taken}; 400 when there is none. */
  public String nextFree(Collection<String> taken) {
    String s = first(c -> taken.stream().noneMatch(t -> Subnets.overlaps(t, c)));
    if (s == null) {
      throw ApiException.badRequest("could not find an available, non-overlapping IPv4 address pool among the"
          + " defaults to assign to the network");
    }
    return s;
  }
}
