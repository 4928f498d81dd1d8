package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Things too big for berthd's heap (96 MiB): an {@code ADD} of a 500 MB URL, served by an HTTP
 * server of the test's own on 127.0.0.1 that generates the bytes as it sends them (nothing of it
 * is on disk on the test's side), and a Dockerfile too large to read. The image is removed and
 * the build cache pruned afterwards, so the disk the test used is given back.
 */
class LargeAddTest extends SharedDaemonTest {
  private static final long SIZE = 500_000_000L;
  private static final Map<String, String> CLASSIC = Map.of("DOCKER_BUILDKIT", "0");

  @TempDir
  Path context;
  private HttpServer server;
  private volatile String servedSha;

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/big.bin", x -> {
      try (x) {
        x.getRequestBody().readAllBytes();
        x.sendResponseHeaders(200, SIZE);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = x.getResponseBody()) {
          for (long sent = 0; sent < SIZE; sent += chunk.length) {
            random.nextBytes(chunk);
            int n = (int) Math.min(chunk.length, SIZE - sent);
            out.write(chunk, 0, n);
            md.update(chunk, 0, n);
          }
        }
        servedSha = HexFormat.of().formatHex(md.digest());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    daemon.docker("rmi", "-f", "bigadd");
    daemon.docker("builder", "prune", "-af");
  }

  @Test
  void anAddOfA500MbUrlWorksWithTheDaemonsDefaultHeap() throws Exception {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/big.bin";
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nADD " + url + " /big.bin\n");
    Command.Result build = daemon.dockerWithEnv(CLASSIC, "build", "-q", "-t", "bigadd", context.toString());
    assertThat(build.exitCode()).as(build.toString()).isZero();
    Command.Result sum = daemon.docker("run", "--rm", "bigadd", "sh", "-c", "stat -c '%s %a' /big.bin; sha256sum /big.bin");
    assertThat(sum.exitCode()).as(sum.toString()).isZero();
    assertThat(sum.stdout()).isEqualTo(SIZE + " 600\n" + servedSha + "  /big.bin\n");
    assertThat(daemon.ping()).isTrue();
    // nothing of the download is left in the build's work directories
    try (var s = Files.walk(daemon.dataRoot())) {
      assertThat(s.filter(p -> p.getFileName().toString().startsWith("download-")).toList()).isEmpty();
    }
  }

  @Test
  void aDockerfileTooLargeToReadIsRefused() throws Exception {
    byte[] line = "# padding padding padding padding padding padding padding padding padding padding\n"
        .getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = Files.newOutputStream(context.resolve("Dockerfile"))) {
      out.write("FROM busybox\n".getBytes(StandardCharsets.US_ASCII));
      for (long n = 0; n < (17L << 20); n += line.length) {
        out.write(line);
      }
    }
    Command.Result build = daemon.dockerWithEnv(CLASSIC, "build", "-t", "bigadd", context.toString());
    assertThat(build.exitCode()).as(build.toString()).isEqualTo(1);
    assertThat(build.stderr()).contains("Dockerfile in the build context is ").contains(
        " bytes, over the 16 MiB berthd reads of a Dockerfile or .dockerignore");
    assertThat(daemon.docker("image", "inspect", "bigadd").exitCode()).isNotZero();
  }
}
