package dev.berth.e2e;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.stream.Stream;

/**
 * Debian's reference registry ({@code /usr/bin/docker-registry}, the "distribution" project) run by
 * a test with a config of its own: 127.0.0.1 on a free random port in 15000-15999, storage in a temp
 * dir, optionally htpasswd auth. Never the package's own config or service.
 */
final class LocalRegistry implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/docker-registry");
  private final Path dir;
  private final int port;
  private final Process process;

  private LocalRegistry(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** A free loopback port in 15000-15999, picked at random. */
  static int freePort() throws IOException {
    return freePort(15000);
  }

  /** A free loopback port in {@code base}..{@code base+999}, picked at random. */
  static int freePort(int base) throws IOException {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 200; i++) {
      int p = base + random.nextInt(1000);
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.1", p));
        return p;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port in " + base + "-" + (base + 999));
  }

  /** Starts a registry; with a user, it requires that user's password (bcrypt htpasswd). */
  static LocalRegistry start(String user, String password) throws IOException, InterruptedException {
    return start(user, password, freePort(), "", "");
  }

  /**
   * Starts a registry on {@code port} with YAML of the caller's appended to its {@code http:}
   * section (indented by two spaces, e.g. a {@code tls:} block) and to the top level (an
   * {@code auth:} block). A TLS registry answers the readiness probe's plain request with 400.
   */
  static LocalRegistry start(String user, String password, int port, String http, String top)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "breg-");
    StringBuilder config = new StringBuilder("""
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
        """.formatted(dir.resolve("data"), port));
    config.append(http.indent(2));
    config.append(top);
    if (user != null) {
      Process h = new ProcessBuilder("htpasswd", "-Bbn", user, password).redirectErrorStream(true).start();
      String line = new String(h.getInputStream().readAllBytes()).trim();
      if (h.waitFor() != 0) {
        throw new IOException("htpasswd failed: " + line);
      }
      Files.writeString(dir.resolve("htpasswd"), line + "\n");
      config.append("""
          auth:
            htpasswd:
              realm: berth-test
              path: %s
          """.formatted(dir.resolve("htpasswd")));
    }
    Path file = dir.resolve("config.yml");
    Files.writeString(file, config);
    Process p = new ProcessBuilder(BINARY.toString(), "serve", file.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
    LocalRegistry r = new LocalRegistry(dir, port, p);
    r.awaitReady();
    return r;
  }

  private void awaitReady() throws IOException, InterruptedException {
    for (int i = 0; i < 100; i++) {
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
        int code = c.getResponseCode();
        c.disconnect();
        if (code == 200 || code == 401 || code == 400) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (!process.isAlive()) {
        throw new IOException("registry exited: " + Files.readString(dir.resolve("registry.log")));
      }
      Thread.sleep(100);
    }
    throw new IOException("registry did not start: " + Files.readString(dir.resolve("registry.log")));
  }

  String host() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    process.waitFor();
    BerthDaemon.deleteTree(dir);
  }
}
