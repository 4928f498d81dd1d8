package dev.berth.daemon.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The etcd member berthd runs for itself when no cluster store was given: {@code swarm init} starts
 * the first member of a new cluster, and every manager that joins later adds a member, so one node
 * grows to three without a separate install. The member's data lives under the data root and its
 * process is recorded in the exec root: etcd, like the containers, outlives a crashed berthd and is
 * adopted again when berthd starts.
 *
 * <p>Ports follow the swarm listen port (2377 by default): clients on port + 2 (2379) and peers on
 * port + 3 (2380), etcd's own defaults, so that several test nodes on one host stay apart.
 */
public final class LocalEtcd {
  private static final Path BINARY = Path.of("/usr/bin/etcd");
  private final Path dataDir;
  private final Path pidFile;
  private final Path logFile;

  /** Where one member listens. */
  public record Member(String name, String host, int clientPort, int peerPort) {
    public String clientUrl() {
      return "http://" + hostPart() + ":" + clientPort;
    }

    public String peerUrl() {
      return "http://" + hostPart() + ":" + peerPort;
    }

    private String hostPart() {
      return host.contains(":") ? "[" + host + "]" : host;
    }

    /** The member for a node whose swarm listens on {@code port}. */
    public static Member forSwarmPort(String name, String host, int port) {
      return new Member(name, host, port + 2, port + 3);
    }
  }

  public LocalEtcd(Path dataRoot, Path execRoot) {
    this.dataDir = dataRoot.resolve("swarm/etcd");
    this.pidFile = execRoot.resolve("swarm/etcd.pid");
    this.logFile = dataRoot.resolve("swarm/etcd.log");
  }

  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Starts the first member of a new cluster (its old data, if any, is discarded). */
  public void startNew(Member self, String listenHost) throws IOException {
    deleteData();
    launch(self, listenHost, self.name() + "=" + self.peerUrl(), "new");
  }

  /** Starts a member that was added to an existing cluster; {@code initialCluster} names every member. */
  public void startJoining(Member self, String listenHost, String initialCluster) throws IOException {
    deleteData();
    launch(self, listenHost, initialCluster, "existing");
  }

  /** Starts the member again on its existing data, after a restart of berthd or of the host. */
  public void resume(Member self, String listenHost) throws IOException {
    if (running().isPresent()) {
      return;
    }
    launch(self, listenHost, self.name() + "=" + self.peerUrl(), "existing");
  }

  /** The pid of our member, if it runs. */
  public Optional<Long> running() {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(h -> h.info().command().map(c -> c.endsWith("etcd")).orElse(false)).map(ProcessHandle::pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Stops the member and, when {@code forget}, removes its data (leaving the swarm). */
  public void stop(boolean forget) throws IOException {
    Optional<Long> pid = running();
    if (pid.isPresent()) {
      ProcessHandle h = ProcessHandle.of(pid.get()).orElseThrow();
      h.destroy();
      try {
        h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
    Files.deleteIfExists(pidFile);
    if (forget) {
      deleteData();
    }
  }

  private void launch(Member self, String listenHost, String initialCluster, String state) throws IOException {
    if (!installed()) {
      throw new IOException("etcd is not installed (apt-get install etcd-server), and no --cluster-store was given");
    }
    Files.createDirectories(dataDir.getParent());
    Files.createDirectories(pidFile.getParent());
    Files.createDirectories(dataDir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    String listen = listenHost.contains(":") ? "[" + listenHost + "]" : listenHost;
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(),
        "--name", self.name(),
        "--data-dir", dataDir.toString(),
        "--listen-client-urls", "http://" + listen + ":" + self.clientPort(),
        "--advertise-client-urls", self.clientUrl(),
        "--listen-peer-urls", "http://" + listen + ":" + self.peerPort(),
        "--initial-advertise-peer-urls", self.peerUrl(),
        "--initial-cluster", initialCluster,
        "--initial-cluster-state", state,
        "--initial-cluster-token", "berth",
        // keep an hour of history for watches that resume, then compact: the store must not grow with time
        "--auto-compaction-mode", "periodic", "--auto-compaction-retention", "1h",
        "--heartbeat-interval", "100", "--election-timeout", "1000",
        "--log-level", "warn", "--logger", "zap"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    Files.writeString(pidFile, Long.toString(p.pid()), StandardCharsets.UTF_8);
    waitForPort(self.host(), self.clientPort(), p, Duration.ofSeconds(20));
  }

  private void waitForPort(String host, int port, Process p, Duration limit) throws IOException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("etcd exited at start: " + tail());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 200);
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while starting etcd", ie);
        }
      }
    }
    throw new IOException("etcd did not listen on " + host + ":" + port + " within " + limit.toSeconds() + " s: " + tail());
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private void deleteData() throws IOException {
    if (!Files.exists(dataDir)) {
      return;
    }
    try (var walk = Files.walk(dataDir)) {
      for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
