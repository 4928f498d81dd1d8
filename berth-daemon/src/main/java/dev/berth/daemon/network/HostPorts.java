package dev.berth.daemon.network;

import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The host ports published containers hold ("tcp:8080"): a request for one in use, by a container
 * or by any other process on the host, is refused as Docker refuses it; port 0 gets a free one.
 */
final class HostPorts {
  private final Set<String> used = new HashSet<>();

  synchronized void take(String protocol, int port) {
    used.add(protocol + ":" + port);
  }

  synchronized void release(String protocol, int port) {
    used.remove(protocol + ":" + port);
  }

  /** Checks and reserves the host ports; a port of 0 gets a free one picked by the kernel. */
  synchronized List<PortMapping> reserve(List<PortMapping> requested, String name, String id) {
    List<PortMapping> out = new ArrayList<>();
    Set<String> reserved = new HashSet<>();
    try {
      for (PortMapping p : requested) {
        String hostIp = p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp();
        int port = p.hostPort();
        if (port == 0) {
          port = freePort(hostIp, p.protocol());
        } else if (used.contains(p.protocol() + ":" + port) || !bindable(hostIp, port, p.protocol())) {
          throw ApiException.internal("failed to set up container networking: driver failed programming external"
              + " connectivity on endpoint " + name + " (" + id + "): Bind for " + hostIp + ":" + port
              + " failed: port is already allocated");
        }
        String key = p.protocol() + ":" + port;
        used.add(key);
        reserved.add(key);
        out.add(new PortMapping(hostIp, port, p.containerPort(), p.protocol()));
      }
      return out;
    } catch (RuntimeException e) {
      used.removeAll(reserved);
      throw e;
    }
  }

  private int freePort(String hostIp, String protocol) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getByName(hostIp), 0));
        port = s.getLocalPort();
      } catch (IOException e) {
        throw ApiException.badRequest("cannot publish on " + hostIp + ": " + e.getMessage());
      }
      // the kernel's pick is free for TCP; check the protocol asked for and our own forwards
      if (!used.contains(protocol + ":" + port) && bindable(hostIp, port, protocol)) {
        return port;
      }
    }
    throw ApiException.internal("no free host port found");
  }

  private static boolean bindable(String hostIp, int port, String protocol) {
    try {
      InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(hostIp), port);
      if (protocol.equals("udp")) {
        try (java.net.DatagramSocket d = new java.net.DatagramSocket(a)) {
          return true;
        }
      }
      try (ServerSocket s = new ServerSocket()) {
        s.bind(a);
        return true;
      }
    } catch (IOException e) {
      return false;
    }
  }
}
