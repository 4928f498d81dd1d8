package dev.berth.daemon.cluster;

import java.util.ArrayList;
import java.util.List;

/** {@code --cluster-store etcd://host:2379[,host:2379...]} (or {@code etcds://} for TLS) as client endpoints. */
public final class ClusterStoreUrl {
  private ClusterStoreUrl() {}

  public static List<String> parse(String flag) {
    if (flag == null || flag.isBlank()) {
      return List.of();
    }
    String scheme;
    String rest;
    if (flag.startsWith("etcd://")) {
      scheme = "http://";
      rest = flag.substring(7);
    } else if (flag.startsWith("etcds://")) {
      scheme = "https://";
      rest = flag.substring(8);
    } else {
      throw new IllegalArgumentException("invalid --cluster-store " + flag + ": want etcd://host:port[,host:port...]");
    }
    List<String> out = new ArrayList<>();
    for (String hp : rest.split(",")) {
      String h = hp.strip();
      if (h.endsWith("/")) {
        h = h.substring(0, h.length() - 1);
      }
      if (!h.matches("[A-Za-z0-9.\\-]+:[0-9]{1,5}|\\[[0-9a-fA-F:]+\\]:[0-9]{1,5}")) {
        throw new IllegalArgumentException("invalid --cluster-store endpoint " + hp + ": want host:port");
      }
      out.add(scheme + h);
    }
    return List.copyOf(out);
  }
}
