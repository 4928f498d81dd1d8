package dev.berth.e2e;

import static dev.berth.e2e.SharedDaemonTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Registries over TLS, with both CLIs: one whose certificate is signed by a CA that berthd finds in
 * its certs.d ({@code BERTH_CERTS_D} points the test's daemon at a directory of the test's own), one
 * signed by a CA nobody trusts (refused with a clear error, nothing stored), and one that requires a
 * client certificate, given in certs.d as {@code client.cert} and {@code client.key}.
 */
class RegistryTlsTest {
  private static Path dir;
  private static BerthDaemon daemon;
  private static LocalRegistry trusted;
  private static LocalRegistry rogue;
  private static LocalRegistry mutual;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "btls-");
    TestPki pki = new TestPki(dir);
    pki.ca("ca");
    pki.ca("rogue-ca");
    pki.server("server", "ca");
    pki.server("rogue", "rogue-ca");
    pki.client("client", "ca");
    String tls = "tls:\n  certificate: %s\n  key: %s\n";
    trusted = LocalRegistry.start(null, null, LocalRegistry.freePort(16000),
        tls.formatted(pki.path("server.crt"), pki.path("server.key")), "");
    rogue = LocalRegistry.start(null, null, LocalRegistry.freePort(16000),
        tls.formatted(pki.path("rogue.crt"), pki.path("rogue.key")), "");
    mutual = LocalRegistry.start(null, null, LocalRegistry.freePort(16000),
        tls.formatted(pki.path("server.crt"), pki.path("server.key")) + "  clientcas:\n    - "
            + pki.path("ca.crt") + "\n", "");
    Path certsD = dir.resolve("certs.d");
    for (LocalRegistry r : List.of(trusted, mutual)) {
      Files.createDirectories(certsD.resolve(r.host()));
      Files.copy(pki.path("ca.crt"), certsD.resolve(r.host()).resolve("ca.crt"));
    }
    Files.copy(pki.path("client.crt"), certsD.resolve(mutual.host()).resolve("client.cert"));
    Files.copy(pki.path("client.key"), certsD.resolve(mutual.host()).resolve("client.key"));
    daemon = BerthDaemon.startWith(Map.of("BERTH_CERTS_D", certsD.toString()), List.of());
    daemon.importBusybox();
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {daemon, trusted, rogue, mutual}) {
      if (c != null) {
        c.close();
      }
    }
    if (dir != null) {
      BerthDaemon.deleteTree(dir);
    }
  }

  @Test
  void pushPullAndRunThroughARegistryWhoseCaIsInCertsD() {
    String image = trusted.host() + "/secure/bb:1";
    ok(daemon.docker("tag", "busybox", image));
    assertThat(ok(daemon.docker("push", image))).contains("The push refers to repository [" + trusted.host()
        + "/secure/bb]").containsPattern("1: digest: sha256:[0-9a-f]{64}");
    ok(daemon.berth("rmi", image));
    assertThat(ok(daemon.berth("pull", image))).contains("Status: Downloaded newer image for " + image);
    assertThat(ok(daemon.docker("run", "--rm", image, "echo", "over-tls"))).isEqualTo("over-tls");
    ok(daemon.docker("rmi", image));
    assertThat(ok(daemon.docker("pull", image))).contains("Digest: sha256:");
    ok(daemon.docker("rmi", image));
  }

  @Test
  void aCertificateThatDoesNotVerifyIsRefusedAndNothingIsStored() {
    String image = rogue.host() + "/secure/bb:1";
    String before = ok(daemon.docker("images", "-a", "-q", "--no-trunc"));
    Command.Result docker = daemon.docker("pull", image);
    assertThat(docker.exitCode()).isNotZero();
    assertThat(docker.stderr()).contains("failed to verify certificate").contains(rogue.host());
    Command.Result berth = daemon.berth("pull", image);
    assertThat(berth.exitCode()).isNotZero();
    assertThat(berth.stderr()).contains("failed to verify certificate")
        .contains("x509: certificate signed by unknown authority").doesNotContain("Exception")
        .doesNotContain("sun.security");
    assertThat(berth.stderr().strip().lines().count()).as(berth.stderr()).isLessThanOrEqualTo(2);
    ok(daemon.docker("tag", "busybox", image));
    Command.Result push = daemon.berth("push", image);
    assertThat(push.exitCode()).isNotZero();
    assertThat(push.stdout() + push.stderr()).contains("failed to verify certificate");
    ok(daemon.docker("rmi", image));
    assertThat(ok(daemon.docker("images", "-a", "-q", "--no-trunc"))).isEqualTo(before);
  }

  @Test
  void aRegistryThatRequiresAClientCertificateGetsTheOneInCertsD() {
    String image = mutual.host() + "/mtls/bb:1";
    ok(daemon.docker("tag", "busybox", image));
    assertThat(ok(daemon.berth("push", image))).containsPattern("Pushed|Layer already exists");
    ok(daemon.docker("rmi", image));
    assertThat(ok(daemon.docker("pull", image))).contains("Status: Downloaded newer image for " + image);
    ok(daemon.docker("rmi", image));
  }
}
