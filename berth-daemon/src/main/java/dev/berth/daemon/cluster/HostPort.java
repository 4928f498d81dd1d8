package dev.berth.daemon.cluster;

/** An address as {@code swarm init --listen-addr} takes it: {@code host[:port]}, {@code [v6]:port} or {@code :port}. */
record HostPort(String host, int port) {
  static HostPort parse(String text, int defaultPort) {
    String t = text.strip();
    String host;
    int port = defaultPort;
    if (t.startsWith("[")) {
      int end = t.indexOf(']');
      if (end < 0) {
        throw ClusterErrors.invalid("invalid address " + text);
      }
      host = t.substring(1, end);
      if (t.length() > end + 1 && t.charAt(end + 1) == ':') {
        port = port(t.substring(end + 2), text);
      }
    } else if (t.chars().filter(c -> c == ':').count() == 1) {
      int i = t.indexOf(':');
      host = t.substring(0, i);
      port = port(t.substring(i + 1), text);
    } else {
      host = t;
    }
    if (host.isEmpty()) {
      host = "0.0.0.0";
    }
    return new HostPort(host, port);
  }

  private static int port(String p, String text) {
    try {
      int n = Integer.parseInt(p);
      if (n < 1 || n > 65535) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ClusterErrors.invalid("invalid port in address " + text);
    }
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
