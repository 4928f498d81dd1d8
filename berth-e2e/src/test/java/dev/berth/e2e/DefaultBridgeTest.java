package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * berthd started with its defaults on a host where 172.17.0.0/16 is already taken, as docker0
 * takes it: the default bridge goes elsewhere, published ports answer, and two daemons coexist.
 */
class DefaultBridgeTest {
  private static final String SERVE = "mkdir -p /www; echo served-by-$(hostname) > /www/index.html; "
      + "exec httpd -f -p 80 -h /www";
  private HostCollision collision;
  private final List<BerthDaemon> daemons = new ArrayList<>();

  @BeforeEach
  void collide() {
    collision = HostCollision.make();
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      for (BerthDaemon d : daemons) {
        d.close();
      }
    } finally {
      collision.close();
    }
  }

  private BerthDaemon start(String... flags) throws Exception {
    BerthDaemon d = BerthDaemon.startWithDefaults(flags);
    daemons.add(d);
    d.importBusybox();
    return d;
  }

  @Test
  void aDefaultsDaemonAvoidsTheTakenSubnetAndServesAPublishedPort() throws Exception {
    BerthDaemon d = start();
    String subnet = ok(d.docker("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", "bridge"));
    assertThat(subnet).isNotEqualTo(HostCollision.SUBNET).matches("(172\\.(1[89]|2\\d|3[01])\\.0\\.0/16)|192\\.168\\..*");
    String iface = ok(d.docker("network", "inspect", "-f", "{{index .Options \"com.docker.network.bridge.name\"}}",
        "bridge"));
    assertThat(iface).startsWith("berth");
    assertThat(ok(d.berth("info"))).contains("Default Bridge: " + iface + " " + subnet);

    int port = freePort();
    ok(d.docker("run", "-d", "--name", "web", "-p", "127.0.0.1:" + port + ":80", "busybox", "sh", "-c", SERVE));
    String host = ok(d.docker("inspect", "-f", "{{.Config.Hostname}}", "web"));
    assertThat(fetch(port)).isEqualTo("served-by-" + host + "\n");

    // auto-chosen user networks avoid the taken subnet and the bridge's
    ok(d.docker("network", "create", "apps"));
    String apps = ok(d.docker("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", "apps"));
    assertThat(apps).isNotEqualTo(HostCollision.SUBNET).isNotEqualTo(subnet);
    ok(d.docker("rm", "-f", "web"));
    ok(d.docker("network", "rm", "apps"));
  }

  @Test
  void theChoiceIsKeptAcrossARestart() throws Exception {
    BerthDaemon d = start();
    String before = ok(d.docker("network", "inspect", "-f",
        "{{range .IPAM.Config}}{{.Subnet}}{{end}} {{index .Options \"com.docker.network.bridge.name\"}}", "bridge"));
    d.crash();
    d.launch();
    assertThat(ok(d.docker("network", "inspect", "-f",
        "{{range .IPAM.Config}}{{.Subnet}}{{end}} {{index .Options \"com.docker.network.bridge.name\"}}", "bridge")))
        .isEqualTo(before);
  }

  @Test
  void twoDefaultsDaemonsCoexistWithoutFlags() throws Exception {
    BerthDaemon a = start();
    BerthDaemon b = start();
    String format = "{{range .IPAM.Config}}{{.Subnet}}{{end}} {{index .Options \"com.docker.network.bridge.name\"}}";
    String[] ofA = ok(a.docker("network", "inspect", "-f", format, "bridge")).split(" ");
    String[] ofB = ok(b.docker("network", "inspect", "-f", format, "bridge")).split(" ");
    assertThat(ofB[0]).isNotEqualTo(ofA[0]);
    assertThat(ofB[1]).isNotEqualTo(ofA[1]);
    int portA = freePort();
    int portB = freePort();
    ok(a.docker("run", "-d", "--name", "wa", "-p", "127.0.0.1:" + portA + ":80", "busybox", "sh", "-c", SERVE));
    ok(b.docker("run", "-d", "--name", "wb", "-p", "127.0.0.1:" + portB + ":80", "busybox", "sh", "-c", SERVE));
    assertThat(fetch(portA)).startsWith("served-by-");
    assertThat(fetch(portB)).startsWith("served-by-");
  }

  @Test
  void aBipOrPoolOverlappingAHostRouteIsRefusedInOneLine() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("/tmp"), "be2e-");
    try {
      Command.Result bip = Command.run(Map.of(), null, List.of(BerthDaemon.BERTHD.toString(), "-H",
          "unix://" + dir.resolve("s.sock"), "--data-root", dir.resolve("d").toString(), "--exec-root",
          dir.resolve("r").toString(), "--bip", "172.17.9.1/24"));
      assertThat(bip.exitCode()).isNotZero();
      assertThat(bip.stderr().strip()).isEqualTo("berthd: --bip 172.17.9.1/24 overlaps the host's route "
          + "172.17.0.0/16 dev " + collision.name());
      Command.Result pool = Command.run(Map.of(), null, List.of(BerthDaemon.BERTHD.toString(), "-H",
          "unix://" + dir.resolve("s.sock"), "--data-root", dir.resolve("d").toString(), "--exec-root",
          dir.resolve("r").toString(), "--default-address-pool", "base=172.16.0.0/12,size=24"));
      assertThat(pool.exitCode()).isNotZero();
      assertThat(pool.stderr().strip()).isEqualTo("berthd: --default-address-pool base=172.16.0.0/12,size=24 overlaps"
          + " the host's route 172.17.0.0/16 dev " + collision.name());
      assertThat(pool.stderr().strip().lines().count()).isEqualTo(1);
    } finally {
      BerthDaemon.deleteTree(dir);
    }
  }

  @Test
  void aDefaultAddressPoolGivesTheBridgeAndNetworksTheirSubnets() throws Exception {
    BerthDaemon d = start("--default-address-pool", "base=10.252.0.0/16,size=24");
    assertThat(ok(d.docker("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", "bridge")))
        .startsWith("10.252.");
    ok(d.docker("network", "create", "pooled"));
    assertThat(ok(d.docker("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", "pooled")))
        .matches("10\\.252\\.\\d+\\.0/24");
    assertThat(ok(d.docker("info"))).contains("Base: 10.252.0.0/16, Size: 24");
    ok(d.docker("network", "rm", "pooled"));
  }

  static String ok(Command.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.stdout().strip();
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** GET http://127.0.0.1:port/, retried while the server starts. */
  static String fetch(int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(Duration.ofSeconds(3)).build();
    long deadline = System.currentTimeMillis() + 15_000;
    while (true) {
      try {
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException notYet) {
        if (System.currentTimeMillis() > deadline) {
          throw notYet;
        }
        Thread.sleep(100);
      }
    }
  }
}
