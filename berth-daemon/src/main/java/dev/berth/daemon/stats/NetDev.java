package dev.berth.daemon.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Interface counters from {@code /proc/<pid>/net/dev}, which shows the network namespace of that
 * process: a container's interfaces without entering its namespace. The loopback is left out,
 * as Docker does.
 */
final class NetDev {
  /** One interface's counters, in Docker's names. */
  record Counters(long rxBytes, long rxPackets, long rxErrors, long rxDropped, long txBytes, long txPackets,
      long txErrors, long txDropped) {
    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rx_bytes", rxBytes);
      m.put("rx_packets", rxPackets);
      m.put("rx_errors", rxErrors);
      m.put("rx_dropped", rxDropped);
      m.put("tx_bytes", txBytes);
      m.put("tx_packets", txPackets);
      m.put("tx_errors", txErrors);
      m.put("tx_dropped", txDropped);
      return m;
    }
  }

  private NetDev() {}

  static Map<String, Counters> parse(String text) {
    Map<String, Counters> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).strip();
      String[] f = line.substring(colon + 1).trim().split("\\s+");
      if (name.equals("lo") || f.length < 16) {
        continue;
      }
      try {
        long[] v = new long[16];
        for (int i = 0; i < 16; i++) {
          v[i] = Long.parseLong(f[i]);
        }
        // receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes packets errs drop ...
        out.put(name, new Counters(v[0], v[1], v[2], v[3], v[8], v[9], v[10], v[11]));
      } catch (NumberFormatException ignored) {
        // the header lines
      }
    }
    return out;
  }
}
