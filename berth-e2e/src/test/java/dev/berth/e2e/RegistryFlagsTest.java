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
 * berthd's registry flags, as dockerd's: {@code --insecure-registry host:port} lets a registry with
 * a certificate nobody trusts be used; {@code --registry-mirror URL} serves Docker Hub pulls (a local
 * registry holding {@code library/mirrored} stands in for a mirror: there is no internet here, so a
 * pull of {@code mirrored:1} can only succeed through it); both show in {@code docker info}.
 */
class RegistryFlagsTest {
  private static Path dir;
  private static BerthDaemon daemon;
  private static LocalRegistry untrusted;
  private static LocalRegistry mirror;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "bflg-");
    TestPki pki = new TestPki(dir);
    pki.ca("nobodys-ca");
    pki.server("server", "nobodys-ca");
    untrusted = LocalRegistry.start(null, null, LocalRegistry.freePort(16000),
        "tls:\n  certificate: %s\n  key: %s\n".formatted(pki.path("server.crt"), pki.path("server.key")), "");
    mirror = LocalRegistry.start(null, null, LocalRegistry.freePort(16000), "", "");
    Files.createDirectories(dir.resolve("certs.d"));
    daemon = BerthDaemon.startWith(Map.of("BERTH_CERTS_D", dir.resolve("certs.d").toString()),
        List.of("--insecure-registry", untrusted.host(), "--registry-mirror", "http://" + mirror.host()));
    daemon.importBusybox();
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {daemon, untrusted, mirror}) {
      if (c != null) {
        c.close();
      }
    }
    if (dir != null) {
      BerthDaemon.deleteTree(dir);
    }
  }

  @Test
  void anInsecureRegistryIsUsedDespiteItsUnverifiableCertificate() {
    String image = untrusted.host() + "/insecure/bb:1";
    ok(daemon.docker("tag", "busybox", image));
    assertThat(ok(daemon.berth("push", image))).contains("Pushed");
    ok(daemon.docker("rmi", image));
    assertThat(ok(daemon.docker("pull", image))).contains("Downloaded newer image for " + image);
    assertThat(ok(daemon.berth("run", "--rm", image, "echo", "insecure-ok"))).isEqualTo("insecure-ok");
    ok(daemon.docker("rmi", image));
  }

  @Test
  void dockerHubPullsGoThroughTheMirror() {
    ok(daemon.docker("tag", "busybox", mirror.host() + "/library/mirrored:1"));
    ok(daemon.docker("push", mirror.host() + "/library/mirrored:1"));
    ok(daemon.docker("rmi", mirror.host() + "/library/mirrored:1"));

    Command.Result docker = daemon.docker("pull", "mirrored:1");
    assertThat(docker.exitCode()).as(docker.toString()).isZero();
    assertThat(docker.stdout()).contains("Downloaded newer image for").contains("mirrored:1");
    assertThat(ok(daemon.docker("images", "--format", "{{.Repository}}:{{.Tag}}"))).contains("mirrored:1");
    assertThat(ok(daemon.docker("run", "--rm", "mirrored:1", "echo", "via-mirror"))).isEqualTo("via-mirror");
    ok(daemon.docker("rmi", "mirrored:1"));
    assertThat(ok(daemon.berth("pull", "docker.io/library/mirrored:1"))).contains("Downloaded newer image for");
    ok(daemon.berth("rmi", "mirrored:1"));

    // Not on the mirror: the Hub is tried next, and it is out of reach here.
    Command.Result missing = daemon.berth("pull", "not-on-the-mirror:1");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).doesNotContain("Exception");
  }

  @Test
  void infoShowsTheRegistryConfiguration() {
    String json = ok(daemon.docker("info", "--format", "{{json .RegistryConfig}}"));
    assertThat(json).contains("\"InsecureRegistryCIDRs\":[\"::1/128\",\"127.0.0.0/8\"]")
        .contains("\"Mirrors\":[\"http://" + mirror.host() + "/\"]");
    String index = json.substring(json.indexOf("\"" + untrusted.host() + "\":{"));
    index = index.substring(0, index.indexOf('}') + 1);
    assertThat(index).contains("\"Name\":\"" + untrusted.host() + "\"").contains("\"Secure\":false")
        .contains("\"Official\":false");
    for (Command.Result r : List.of(daemon.docker("info"), daemon.berth("info"))) {
      assertThat(ok(r)).contains(" Insecure Registries:\n  " + untrusted.host() + "\n  ::1/128\n  127.0.0.0/8\n")
          .contains(" Registry Mirrors:\n  http://" + mirror.host() + "/\n");
    }
  }

  @Test
  void malformedFlagsStopBerthdWithDockerdsMessage() {
    Command.Result scheme = Command.run(Map.of(), null, Command.args(BerthDaemon.BERTHD, "--data-root",
        dir.resolve("never").toString(), "--insecure-registry", "http://example.test:5000"));
    assertThat(scheme.exitCode()).isNotZero();
    assertThat(scheme.stderr()).contains("insecure registry http://example.test:5000 should not contain '://'");
    Command.Result mirrorScheme = Command.run(Map.of(), null, Command.args(BerthDaemon.BERTHD, "--data-root",
        dir.resolve("never").toString(), "--registry-mirror", "ftp://mirror.test"));
    assertThat(mirrorScheme.exitCode()).isNotZero();
    assertThat(mirrorScheme.stderr()).contains("invalid mirror").contains("ftp://mirror.test");
    assertThat(Files.exists(dir.resolve("never"))).isFalse();
  }
}
