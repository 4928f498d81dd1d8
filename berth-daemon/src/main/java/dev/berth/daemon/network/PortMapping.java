package dev.berth.daemon.network;

/** One published port: a host address and port forwarded to a container port. */
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {

  /** Docker's key for the container side, e.g. {@code 80/tcp}. */
  public String key() {
    return containerPort + "/" + protocol;
  }
}
