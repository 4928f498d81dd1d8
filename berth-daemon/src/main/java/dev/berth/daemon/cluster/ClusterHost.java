package dev.berth.daemon.cluster;

import dev.berth.daemon.server.Versions;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;

/** What this host offers the cluster, for its node record: name, CPUs and memory. */
public final class ClusterHost {
  private ClusterHost() {}

  public static ClusterService.Host describe() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      name = "localhost";
    }
    long memory = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getTotalMemorySize();
    return new ClusterService.Host(name, Runtime.getRuntime().availableProcessors() * 1_000_000_000L, memory,
        Versions.ENGINE);
  }
}
