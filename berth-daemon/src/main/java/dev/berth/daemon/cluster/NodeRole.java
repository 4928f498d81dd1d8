package dev.berth.daemon.cluster;

import java.util.Locale;

/** A node's role in the cluster: managers may lead (run the orchestrators); workers only run tasks. */
public enum NodeRole {
  MANAGER, WORKER;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static NodeRole fromApi(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
