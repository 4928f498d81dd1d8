package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The default bridge and published ports, on real bridges, veths and netfilter rules (netavark). */
class NetworkTest extends SharedDaemonTest {
  private static final String SERVE = "mkdir -p /www; echo hello-from-$(hostname) > /www/index.html; "
      + "exec httpd -f -p 80 -h /www";

  private static String fetch(int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(Duration.ofSeconds(3)).build();
    long deadline = System.currentTimeMillis() + 10_000;
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

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void containersGetAnAddressOnTheDefaultBridge() {
    Command.Result r = daemon.docker("run", "--rm", "busybox", "sh", "-c", "ip -4 -o addr show eth0; ip route");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("inet " + daemon.bridgePrefix()).contains("/24")
        .contains("default via " + daemon.bridgeGateway());
  }

  @Test
  void aPublishedPortIsServedOnTheHostsLoopback() throws Exception {
    int port = freePort();
    ok(daemon.docker("run", "-d", "--name", "web", "-p", "127.0.0.1:" + port + ":80", "busybox", "sh", "-c", SERVE));
    String id = ok(daemon.docker("inspect", "-f", "{{.Config.Hostname}}", "web"));
    assertThat(fetch(port)).isEqualTo("hello-from-" + id + "\n");
    assertThat(ok(daemon.docker("port", "web"))).isEqualTo("80/tcp -> 127.0.0.1:" + port);
    assertThat(ok(daemon.berth("port", "web"))).isEqualTo("80/tcp -> 127.0.0.1:" + port);
    assertThat(ok(daemon.berth("ps", "--format", "{{.Ports}}", "--filter", "name=web")))
        .isEqualTo("127.0.0.1:" + port + "->80/tcp");
    assertThat(ok(daemon.docker("inspect", "-f", "{{.NetworkSettings.IPAddress}} {{.NetworkSettings.Gateway}}", "web")))
        .isEqualTo(ok(daemon.docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "web")) + " " + daemon.bridgeGateway());
    assertThat(ok(daemon.docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "web"))).startsWith(daemon.bridgePrefix());
    ok(daemon.docker("rm", "-f", "web"));
  }

  @Test
  void publishAllPicksARandomHostPortForEachExposedPort() throws Exception {
    ok(daemon.docker("run", "-d", "--name", "randomport", "--expose", "80", "-P", "busybox", "sh", "-c", SERVE));
    String mapping = ok(daemon.docker("port", "randomport", "80/tcp"));
    int port = Integer.parseInt(mapping.lines().findFirst().orElseThrow().replaceAll(".*:", ""));
    assertThat(fetch(port)).startsWith("hello-from-");
    ok(daemon.docker("rm", "-f", "randomport"));
  }

  @Test
  void aHostPortInUseIsAClearErrorAndLeavesNothingBehind() throws Exception {
    long before = namespaces();
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Command.Result r = daemon.docker("run", "--rm", "-p", "127.0.0.1:" + port + ":80", "busybox", "true");
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.stderr()).contains("Bind for 127.0.0.1:" + port + " failed: port is already allocated");
    }
    assertThat(namespaces()).isEqualTo(before);
  }

  @Test
  void invalidPortSpecificationsAreRefused() {
    Command.Result r = daemon.docker("run", "--rm", "-p", "99999:80", "busybox", "true");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).containsIgnoringCase("invalid");
  }

  @Test
  void noneAndHostModesStillWork() {
    assertThat(ok(daemon.docker("run", "--rm", "--network", "none", "busybox", "ls", "/sys/class/net"))).isEqualTo("lo");
    assertThat(ok(daemon.docker("run", "--rm", "--network", "host", "busybox", "ls", "/sys/class/net")))
        .contains("lo").doesNotContain("eth0@");
  }

  @Test
  void teardownLeavesNoNamespaceInterfaceOrRule() throws Exception {
    int port = freePort();
    // this container's own namespace (other daemons on the host make and remove theirs meanwhile)
    String id = ok(daemon.docker("run", "-d", "--name", "shortlived", "-p", "127.0.0.1:" + port + ":80", "busybox",
        "sleep", "300"));
    Path netns = Path.of("/run/netns", "berth-" + id.substring(0, 16));
    assertThat(netns).exists();
    ok(daemon.docker("rm", "-f", "shortlived"));
    assertThat(netns).doesNotExist();
    Command.Result rules = Command.run(java.util.Map.of(), null, java.util.List.of("iptables", "-t", "nat", "-S"));
    assertThat(rules.stdout()).doesNotContain("--dport " + port);
    // the bridge stays up while berthd runs (as docker0 does), with only berthd's own anchor on it
    Command.Result ports = Command.run(java.util.Map.of(), null, java.util.List.of("ip", "-o", "link", "show",
        "master", daemon.bridgeName()));
    assertThat(ports.stdout().lines().count()).as(ports.stdout()).isEqualTo(1);
  }

  @Test
  void containerModeSharesAnotherContainersNetwork() throws Exception {
    int port = freePort();
    ok(daemon.docker("run", "-d", "--name", "host1", "-p", "127.0.0.1:" + port + ":80", "busybox", "sleep", "300"));
    // a second container serves inside the first one's namespace, so the first one's published port reaches it
    ok(daemon.docker("run", "-d", "--name", "joiner", "--network", "container:host1", "busybox", "sh", "-c", SERVE));
    assertThat(fetch(port)).startsWith("hello-from-");
    ok(daemon.docker("rm", "-f", "joiner", "host1"));
    Command.Result stopped = daemon.docker("run", "--rm", "--network", "container:nope", "busybox", "true");
    assertThat(stopped.exitCode()).isNotZero();
    assertThat(stopped.stderr()).contains("No such container: nope");
  }

  @Test
  void dnsOptionsAndExtraHostsAreWritten() {
    String out = ok(daemon.docker("run", "--rm", "--dns", "192.0.2.53", "--dns-search", "corp.example",
        "--add-host", "db.example:192.0.2.10", "busybox", "sh", "-c", "cat /etc/resolv.conf /etc/hosts"));
    assertThat(out).contains("nameserver 192.0.2.53").contains("search corp.example")
        .contains("192.0.2.10\tdb.example");
  }

  @Test
  void containersOnAUserNetworkFindEachOtherByNameAndAlias() {
    ok(daemon.docker("network", "create", "appnet"));
    ok(daemon.docker("run", "-d", "--name", "api", "--network", "appnet", "--network-alias", "backend", "busybox", "sh",
        "-c", "mkdir -p /www; echo api-here > /www/index.html; exec httpd -f -p 8080 -h /www"));
    String out = ok(daemon.docker("run", "--rm", "--network", "appnet", "busybox", "sh", "-c",
        "for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://api:8080/ && break; sleep 0.2; done; wget -qO- http://backend:8080/"));
    assertThat(out).isEqualTo("api-here\napi-here");
    Command.Result inUse = daemon.docker("network", "rm", "appnet");
    assertThat(inUse.exitCode()).isNotZero();
    assertThat(inUse.stderr()).contains("has active endpoints");
    assertThat(ok(daemon.docker("network", "inspect", "-f", "{{range .Containers}}{{.Name}}{{end}}", "appnet")))
        .isEqualTo("api");
    ok(daemon.docker("rm", "-f", "api"));
    ok(daemon.docker("network", "rm", "appnet"));
    assertThat(daemon.docker("network", "inspect", "appnet").exitCode()).isNotZero();
  }

  @Test
  void staticAddressesOverlapsAndUnknownNetworksAreCheckedClearly() {
    ok(daemon.docker("network", "create", "--subnet", "10.123.0.0/24", "fixed"));
    assertThat(ok(daemon.docker("run", "--rm", "--network", "fixed", "--ip", "10.123.0.50", "busybox", "sh", "-c",
        "ip -4 -o addr show eth0"))).contains("inet 10.123.0.50/24");
    Command.Result overlap = daemon.docker("network", "create", "--subnet", "10.123.0.128/25", "clash");
    assertThat(overlap.exitCode()).isNotZero();
    assertThat(overlap.stderr()).contains("overlaps");
    Command.Result unknown = daemon.docker("run", "--rm", "--network", "nowhere", "busybox", "true");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.stderr()).contains("network nowhere not found");
    Command.Result builtin = daemon.docker("network", "rm", "bridge");
    assertThat(builtin.stderr()).contains("pre-defined network");
    assertThat(ok(daemon.docker("network", "prune", "-f"))).contains("fixed");
  }

  @Test
  void connectAndDisconnectARunningContainer() {
    ok(daemon.docker("network", "create", "front"));
    ok(daemon.docker("network", "create", "back"));
    ok(daemon.docker("run", "-d", "--name", "svc", "--network", "back", "busybox", "sh", "-c",
        "mkdir -p /www; echo svc-here > /www/index.html; exec httpd -f -p 80 -h /www"));
    ok(daemon.docker("run", "-d", "--name", "gateway", "--network", "front", "busybox", "sleep", "300"));
    ok(daemon.docker("network", "connect", "--alias", "gw", "back", "gateway"));
    assertThat(ok(daemon.docker("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}",
        "gateway"))).isEqualTo("back front");
    // svc reaches the gateway by its alias on the network it was connected to
    assertThat(ok(daemon.docker("run", "--rm", "--network", "back", "busybox", "sh", "-c",
        "ping -c1 -W2 gw >/dev/null && echo reachable"))).isEqualTo("reachable");
    Command.Result twice = daemon.docker("network", "connect", "back", "gateway");
    assertThat(twice.exitCode()).isNotZero();
    assertThat(twice.stderr()).contains("already exists in network back");
    ok(daemon.docker("network", "disconnect", "back", "gateway"));
    assertThat(ok(daemon.docker("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}",
        "gateway"))).isEqualTo("front");
    ok(daemon.docker("rm", "-f", "svc", "gateway"));
    ok(daemon.docker("network", "rm", "front", "back"));
  }

  @Test
  void macAddressAndUdpPortsAreHonoured() {
    assertThat(ok(daemon.docker("run", "--rm", "--mac-address", "02:42:de:ad:be:ef", "busybox", "cat",
        "/sys/class/net/eth0/address"))).isEqualTo("02:42:de:ad:be:ef");
    ok(daemon.docker("run", "-d", "--name", "dns1", "-p", "127.0.0.1::53/udp", "busybox", "sleep", "300"));
    assertThat(ok(daemon.docker("port", "dns1"))).matches("53/udp -> 127\\.0\\.0\\.1:\\d+");
    ok(daemon.docker("rm", "-f", "dns1"));
  }

  /** Berth's network namespaces on this host (berth-<id prefix> under /run/netns). */
  private static long namespaces() throws IOException {
    Path dir = Path.of("/run/netns");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("berth-")).count();
    }
  }
}
