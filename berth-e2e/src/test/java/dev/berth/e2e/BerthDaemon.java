package dev.berth.e2e;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real berthd for one test class: its own socket, data root and exec root in a fresh directory
 * under /tmp (short, because unix socket paths are limited). {@link #close()} removes what the
 * tests left behind — containers, mounts, the daemon itself — even when a test failed.
 */
final class BerthDaemon implements AutoCloseable {
  static final Path ROOT = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
  static final Path BERTHD = ROOT.resolve("bin/berthd");
  static final Path BERTH = ROOT.resolve("bin/berth");

  private final Path dir;
  private final List<String> extraHosts;
  /** Each test daemon has a default bridge of its own, so daemons on one host never share addresses. */
  private int bridgeOctet = 1 + new java.security.SecureRandom().nextInt(250);
  /** No --bip and --bridge: berthd chooses (see {@link #startWithDefaults}). */
  private boolean defaults;
  private boolean launched;
  private final String bridgeName = "bt" + Integer.toHexString(0x1000 + new java.security.SecureRandom().nextInt(0xe000));
  private Process process;

  /** berthd's own environment and extra flags (registry settings, a certs.d of the test's own). */
  private Map<String, String> daemonEnv = Map.of();
  private List<String> extraFlags = List.of();

  private BerthDaemon(Path dir, List<String> extraHosts) {
    this.dir = dir;
    this.extraHosts = extraHosts;
  }

  /**
   * A daemon with berthd's own defaults for the default bridge (no --bip, no --bridge), as a user
   * starts it: it picks its subnet and bridge name itself.
   */
  static BerthDaemon startWithDefaults(String... flags) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "be2e-");
    BerthDaemon d = new BerthDaemon(dir, List.of());
    d.defaults = true;
    d.extraFlags = List.of(flags);
    d.launch();
    return d;
  }

  /** A daemon started with extra environment variables and flags. */
  static BerthDaemon startWith(Map<String, String> env, List<String> flags) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "be2e-");
    BerthDaemon d = new BerthDaemon(dir, List.of());
    d.daemonEnv = env;
    d.extraFlags = flags;
    d.launch();
    return d;
  }

  /** The default bridge's gateway, e.g. 10.213.7.1. */
  String bridgeGateway() {
    return "10.213." + bridgeOctet + ".1";
  }

  /** The start of every address on the default bridge, e.g. "10.213.7.". */
  String bridgePrefix() {
    return "10.213." + bridgeOctet + ".";
  }

  String bridgeName() {
    return bridgeName;
  }

  static BerthDaemon start(String... extraHosts) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "be2e-");
    BerthDaemon d = new BerthDaemon(dir, List.of(extraHosts));
    d.launch();
    return d;
  }

  Path socket() {
    return dir.resolve("b.sock");
  }

  Path dataRoot() {
    return dir.resolve("data");
  }

  Path execRoot() {
    return dir.resolve("run");
  }

  String host() {
    return "unix://" + socket();
  }

  long pid() {
    return process.pid();
  }

  /** Starts (or restarts) berthd on the same directories. */
  void launch() throws IOException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        launchOnce();
        launched = true;
        return;
      } catch (IllegalStateException e) {
        // another test daemon on this host took the same random --bip first: berthd refuses an
        // overlap with a host route, so pick another
        if (launched || defaults || attempt > 5 || !String.valueOf(e.getMessage()).contains("overlaps")) {
          throw e;
        }
        bridgeOctet = 1 + new java.security.SecureRandom().nextInt(250);
      }
    }
  }

  private void launchOnce() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(BERTHD.toString(), "-H", host(), "--data-root", dataRoot().toString(),
        "--exec-root", execRoot().toString(), "--log-level", "debug"));
    if (!defaults) {
      cmd.addAll(List.of("--bip", bridgeGateway() + "/24", "--bridge", bridgeName));
    }
    for (String h : extraHosts) {
      cmd.add("-H");
      cmd.add(h);
    }
    cmd.addAll(extraFlags);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(daemonEnv);
    process = pb.redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("berthd.log").toFile())).start();
    long deadline = System.currentTimeMillis() + 30_000;
    while (!ping()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("berthd exited: " + Files.readString(dir.resolve("berthd.log")));
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("berthd did not answer /_ping");
      }
      Thread.sleep(20);
    }
  }

  /** kill -9, as a crash would. */
  void crash() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  boolean ping() {
    try {
      return request("GET", "/_ping").startsWith("HTTP/1.1 200");
    } catch (IOException e) {
      return false;
    }
  }

  /** A raw HTTP/1.1 request with Connection: close; returns the whole answer. */
  String request(String method, String path) throws IOException {
    return request(method, path, null, null);
  }

  String request(String method, String path, String contentType, byte[] body) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket()));
      StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n");
      if (body != null) {
        head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length)
            .append("\r\n");
      }
      head.append("\r\n");
      ch.write(ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.US_ASCII)));
      if (body != null) {
        ch.write(ByteBuffer.wrap(body));
      }
      var out = new java.io.ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(65536);
      while (ch.read(buf) >= 0) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  Map<String, String> env() {
    return Map.of("BERTH_HOST", host(), "DOCKER_HOST", host(), "DOCKER_CONFIG", dir.resolve("docker-config").toString());
  }

  Command.Result berth(String... args) {
    return Command.run(env(), null, Command.args(BERTH, args));
  }

  Command.Result docker(String... args) {
    return Command.run(env(), null, Command.args(Path.of("docker"), args));
  }

  /** The docker CLI with extra environment (DOCKER_BUILDKIT=0 for the classic builder). */
  Command.Result dockerWithEnv(Map<String, String> extra, String... args) {
    Map<String, String> env = new java.util.HashMap<>(env());
    env.putAll(extra);
    return Command.run(env, null, Command.args(Path.of("docker"), args));
  }

  Command.Result dockerWithInput(byte[] stdin, String... args) {
    return Command.run(env(), stdin, Command.args(Path.of("docker"), args));
  }

  /** Imports the busybox test image as busybox:latest. */
  void importBusybox() throws IOException {
    Path tar = BusyboxRootfs.tarball();
    Command.Result r = berth("import", tar.toString(), "busybox:latest");
    if (r.exitCode() != 0) {
      throw new IllegalStateException("import failed: " + r);
    }
  }

  /** Everything the daemon made goes: containers (so their monitors end), the daemon, mounts, files. */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      if (process != null && process.isAlive()) {
        Command.Result ids = berth("ps", "-aq", "--no-trunc");
        for (String id : ids.stdout().split("\\s+")) {
          if (!id.isBlank()) {
            berth("rm", "-f", id);
          }
        }
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } finally {
      keepLog();
      killLeftoverMonitors();
      killLocalEtcd();
      killAardvark();
      unmountUnder(dir);
      deleteTree(dir);
    }
  }

  /** conmon processes whose pidfiles live in our exec root are ours; nothing else is touched. */
  private void killLeftoverMonitors() throws IOException {
    Path containers = execRoot().resolve("containers");
    if (!Files.isDirectory(containers)) {
      return;
    }
    try (Stream<Path> s = Files.list(containers)) {
      for (Path c : s.toList()) {
        for (String f : List.of("pidfile", "conmon.pid")) {
          Path p = c.resolve(f);
          if (Files.exists(p)) {
            try {
              long pid = Long.parseLong(Files.readString(p).strip());
              ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            } catch (NumberFormatException ignored) {
              // empty pidfile
            }
          }
        }
      }
    }
  }

  /**
   * netavark starts aardvark-dns for the daemon's DNS-enabled networks and it outlives berthd, as
   * containers do; its pid file lives under our exec root, so it is ours to end.
   */
  private void killAardvark() throws IOException {
    Path p = execRoot().resolve("netavark/aardvark-dns/aardvark.pid");
    if (Files.exists(p)) {
      try {
        ProcessHandle.of(Long.parseLong(Files.readString(p).strip())).ifPresent(ProcessHandle::destroy);
      } catch (NumberFormatException ignored) {
        // an empty pidfile: nothing was started
      }
    }
  }

  /** The etcd member berthd runs for swarm mode records its pid in our exec root: ours to end. */
  private void killLocalEtcd() throws IOException {
    Path p = execRoot().resolve("swarm/etcd.pid");
    if (Files.exists(p)) {
      try {
        ProcessHandle.of(Long.parseLong(Files.readString(p).strip())).ifPresent(ProcessHandle::destroyForcibly);
      } catch (NumberFormatException ignored) {
        // an empty pidfile: nothing was started
      }
    }
  }

  static void unmountUnder(Path dir) throws IOException, InterruptedException {
    List<String> targets = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] f = line.split(" ");
      if (f.length > 4 && f[4].startsWith(dir.toString() + "/")) {
        targets.add(f[4]);
      }
    }
    targets.sort(Comparator.reverseOrder());
    for (String t : targets) {
      new ProcessBuilder("umount", "-l", t).start().waitFor();
    }
  }

  /** Mount points under the directory, for leak checks. */
  List<String> mountsUnderExecRoot() throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] f = line.split(" ");
      if (f.length > 4 && f[4].startsWith(execRoot().toString() + "/")) {
        out.add(f[4]);
      }
    }
    return out;
  }

  /** Removes a directory the tests made, with everything under it. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Keeps the daemon's log under target/ so a failed run can be read afterwards. */
  private void keepLog() {
    try {
      Path logs = Files.createDirectories(Path.of("target", "berthd-logs"));
      Path log = dir.resolve("berthd.log");
      if (Files.exists(log)) {
        Files.copy(log, logs.resolve(dir.getFileName() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException ignored) {
      // diagnostics only
    }
  }

  String log() throws IOException {
    return Files.readString(dir.resolve("berthd.log"));
  }
}
