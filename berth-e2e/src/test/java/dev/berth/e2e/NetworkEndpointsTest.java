package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What docker-py's and docker-compose's network calls need: leaving the network a container was
 * created on, IPv6, IPAM configs shown back as given, endpoint settings at create and connect,
 * Docker's errors, and nothing left behind by a refused request.
 */
class NetworkEndpointsTest extends SharedDaemonTest {

  @AfterEach
  void removeAll() {
    for (String id : daemon.docker("ps", "-aq").stdout().split("\\s+")) {
      if (!id.isBlank()) {
        daemon.docker("rm", "-f", id);
      }
    }
    daemon.docker("network", "prune", "-f");
  }

  private String api(String method, String path, String json) throws Exception {
    return daemon.request(method, path, json == null ? null : "application/json",
        json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  private static String networks(String container) {
    return ok(daemon.docker("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", container));
  }

  @Test
  void aContainerLeavesAndRejoinsTheNetworkItWasCreatedOn() {
    ok(daemon.docker("network", "create", "home"));
    ok(daemon.docker("create", "--name", "mover", "--network", "home", "busybox", "sleep", "300"));
    // docker-compose 1.29 does this before every start, to set the aliases
    ok(daemon.docker("network", "disconnect", "home", "mover"));
    assertThat(networks("mover")).isEmpty();
    ok(daemon.docker("network", "connect", "--alias", "shifted", "home", "mover"));
    ok(daemon.docker("start", "mover"));
    assertThat(networks("mover")).isEqualTo("home");
    assertThat(ok(daemon.docker("inspect", "-f", "{{json .NetworkSettings.Networks.home.Aliases}}", "mover")))
        .isEqualTo("[\"shifted\"]");
    assertThat(ok(daemon.docker("exec", "mover", "sh", "-c", "ip -4 -o addr show eth0"))).contains("inet ");
    assertThat(ok(daemon.docker("run", "--rm", "--network", "home", "busybox", "sh", "-c",
        "for i in $(seq 1 30); do ping -c1 -W1 shifted >/dev/null 2>&1 && echo found && break; sleep 0.2; done")))
        .isEqualTo("found");

    // and while it runs: its interface goes, nothing is left on the bridge
    ok(daemon.docker("network", "disconnect", "home", "mover"));
    assertThat(networks("mover")).isEmpty();
    assertThat(ok(daemon.docker("network", "inspect", "-f", "{{len .Containers}}", "home"))).isEqualTo("0");
    assertThat(ok(daemon.docker("exec", "mover", "ls", "/sys/class/net"))).isEqualTo("lo");
    String bridge = ok(daemon.docker("network", "inspect", "-f", "{{.Id}}", "home"));
    assertThat(bridge).isNotEmpty();
  }

  @Test
  void ipv6NetworksGiveContainersTheirAddress() {
    ok(daemon.docker("network", "create", "--ipv6", "--subnet", "2001:db8:77::/64", "six"));
    assertThat(ok(daemon.docker("network", "inspect", "-f", "{{.EnableIPv6}}", "six"))).isEqualTo("true");
    assertThat(ok(daemon.docker("network", "inspect", "-f", "{{json .IPAM.Config}}", "six")))
        .contains("{\"Subnet\":\"2001:db8:77::/64\"");
    String out = ok(daemon.docker("run", "--name", "v6", "--network", "six", "--ip6", "2001:db8:77::50", "busybox",
        "sh", "-c", "ip -6 -o addr show eth0 scope global"));
    assertThat(out).contains("inet6 2001:db8:77::50/64");
    assertThat(ok(daemon.docker("inspect", "-f", "{{.NetworkSettings.Networks.six.IPAMConfig.IPv6Address}}", "v6")))
        .isEqualTo("2001:db8:77::50");
    Command.Result outside = daemon.docker("run", "--rm", "--network", "six", "--ip6", "2001:db8:99::5", "busybox",
        "true");
    assertThat(outside.exitCode()).isNotZero();
    assertThat(outside.stderr()).contains("no configured subnet or ip-range contain the IP address 2001:db8:99::5");
  }

  @Test
  void ipamConfigIsShownBackAsGivenAndAddressesComeFromItsRange() throws Exception {
    String created = api("POST", "/networks/create", """
        {"Name":"ranged","IPAM":{"Driver":"default","Config":[{"Subnet":"10.231.0.0/16","IPRange":"10.231.5.0/24",
        "Gateway":"10.231.5.254","AuxiliaryAddresses":{"a":"10.231.5.1","b":"10.231.5.2"}}]}}""");
    assertThat(created).startsWith("HTTP/1.1 201");
    assertThat(ok(daemon.docker("network", "inspect", "-f", "{{json .IPAM}}", "ranged"))).isEqualTo(
        "{\"Driver\":\"default\",\"Options\":null,\"Config\":[{\"Subnet\":\"10.231.0.0/16\",\"IPRange\":\"10.231.5.0/24\","
            + "\"Gateway\":\"10.231.5.254\",\"AuxiliaryAddresses\":{\"a\":\"10.231.5.1\",\"b\":\"10.231.5.2\"}}]}");
    // from the range, never an auxiliary address or the gateway
    assertThat(ok(daemon.docker("run", "--rm", "--network", "ranged", "busybox", "sh", "-c",
        "ip -4 -o addr show eth0"))).containsPattern("inet 10\\.231\\.5\\.(?!1/|2/|254/)\\d+/16");
    // only a subnet: no gateway shown, as Docker shows it
    ok(daemon.docker("network", "create", "--subnet", "10.232.0.0/24", "plain"));
    assertThat(ok(daemon.docker("network", "inspect", "-f", "{{json .IPAM.Config}}", "plain")))
        .isEqualTo("[{\"Subnet\":\"10.232.0.0/24\"}]");
    // Docker's overlap error, and only for overlaps with its own networks
    Command.Result overlap = daemon.docker("network", "create", "--subnet", "10.231.7.0/24", "clash");
    assertThat(overlap.exitCode()).isNotZero();
    assertThat(overlap.stderr()).contains("invalid pool request: Pool overlaps with other one on this address space");
  }

  @Test
  void endpointSettingsAtCreateAndConnectAreKeptAndShown() throws Exception {
    ok(daemon.docker("network", "create", "--subnet", "10.233.0.0/24", "opts"));
    ok(daemon.docker("network", "create", "second"));
    String created = api("POST", "/containers/create?name=withopts", """
        {"Image":"busybox","Cmd":["sleep","300"],"HostConfig":{"NetworkMode":"opts"},
         "NetworkingConfig":{"EndpointsConfig":{"opts":{"Aliases":["db"],"DriverOpts":{"com.example.setting":"on"},
         "IPAMConfig":{"IPv4Address":"10.233.0.40","LinkLocalIPs":["169.254.8.8"]},
         "MacAddress":"02:42:0a:e9:00:28"}}}}""");
    assertThat(created).startsWith("HTTP/1.1 201");
    String connected = api("POST", "/networks/second/connect", """
        {"Container":"withopts","EndpointConfig":{"Aliases":["cache"],"MacAddress":"02:42:de:ad:00:01",
         "DriverOpts":{"k":"v"}}}""");
    assertThat(connected).startsWith("HTTP/1.1 200");
    // shown before start, as docker-py's connect-with-mac test reads it
    assertThat(ok(daemon.docker("inspect", "-f", "{{.NetworkSettings.Networks.second.MacAddress}}", "withopts")))
        .isEqualTo("02:42:de:ad:00:01");
    ok(daemon.docker("start", "withopts"));
    String format = "{{with .NetworkSettings.Networks.opts}}{{json .Aliases}} {{json .DriverOpts}} {{.IPAddress}}"
        + " {{.MacAddress}} {{json .IPAMConfig.LinkLocalIPs}}{{end}}";
    assertThat(ok(daemon.docker("inspect", "-f", format, "withopts"))).isEqualTo(
        "[\"db\"] {\"com.example.setting\":\"on\"} 10.233.0.40 02:42:0a:e9:00:28 [\"169.254.8.8\"]");
    assertThat(ok(daemon.docker("inspect", "-f", "{{with .NetworkSettings.Networks.second}}{{json .Aliases}}"
        + " {{json .DriverOpts}} {{.MacAddress}}{{end}}", "withopts")))
        .isEqualTo("[\"cache\"] {\"k\":\"v\"} 02:42:de:ad:00:01");
    assertThat(ok(daemon.docker("exec", "withopts", "cat", "/sys/class/net/eth0/address", "/sys/class/net/eth1/address")))
        .isEqualTo("02:42:0a:e9:00:28\n02:42:de:ad:00:01");
  }

  @Test
  void legacyLinksGiveEnvironmentAndHostsEntriesAndCanBeRemoved() throws Exception {
    ok(daemon.docker("run", "-d", "--name", "upstream", "-e", "FOO=1", "--expose", "80", "busybox", "sleep", "300"));
    String ip = ok(daemon.docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "upstream"));
    String out = ok(daemon.docker("run", "--name", "linker", "--link", "upstream:mylink", "busybox", "sh", "-c",
        "env | sort; cat /etc/hosts"));
    assertThat(out).contains("MYLINK_NAME=/linker/mylink", "MYLINK_ENV_FOO=1", "MYLINK_PORT=tcp://" + ip + ":80",
        "MYLINK_PORT_80_TCP_ADDR=" + ip, "MYLINK_PORT_80_TCP_PORT=80", "MYLINK_PORT_80_TCP_PROTO=tcp",
        ip + "\tmylink ");
    assertThat(out).doesNotContain("MYLINK_ENV_PATH");
    String removed = api("DELETE", "/containers/linker/mylink?link=1", null);
    assertThat(removed).startsWith("HTTP/1.1 204");
    assertThat(ok(daemon.docker("inspect", "-f", "{{json .HostConfig.Links}}", "linker"))).isEqualTo("[]");
    assertThat(api("DELETE", "/containers/linker/mylink?link=1", null)).startsWith("HTTP/1.1 404");
    Command.Result missing = daemon.docker("create", "--link", "nosuch:x", "busybox", "true");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).contains("could not get container for nosuch");

    // on a user network a link is a name the linked container answers to
    ok(daemon.docker("network", "create", "linked"));
    ok(daemon.docker("run", "-d", "--name", "asker", "--network", "linked", "--link", "later:bar", "busybox", "sleep",
        "300"));
    ok(daemon.docker("run", "-d", "--name", "later", "--network", "linked", "busybox", "sleep", "300"));
    assertThat(ok(daemon.docker("exec", "asker", "sh", "-c",
        "for i in $(seq 1 30); do ping -c1 -W1 bar >/dev/null 2>&1 && echo found && break; sleep 0.2; done")))
        .isEqualTo("found");
  }

  @Test
  void dockersErrorsForRefusedRequestsAndNothingHalfMade() throws Exception {
    ok(daemon.docker("network", "create", "errs"));
    ok(daemon.docker("run", "-d", "--name", "errc", "--network", "errs", "busybox", "sleep", "300"));
    Snapshot before = Snapshot.take();

    Command.Result twice = daemon.docker("network", "connect", "errs", "errc");
    assertThat(twice.exitCode()).isNotZero();
    assertThat(twice.stderr()).contains("endpoint with name errc already exists in network errs");
    ok(daemon.docker("network", "create", "other"));
    Command.Result notConnected = daemon.docker("network", "disconnect", "other", "errc");
    assertThat(notConnected.exitCode()).isNotZero();
    assertThat(notConnected.stderr()).contains("is not connected to network other");
    Command.Result badIp = daemon.docker("network", "connect", "--ip", "10.1.1.1", "other", "errc");
    assertThat(badIp.exitCode()).isNotZero();
    Command.Result host = daemon.docker("network", "create", "-d", "host", "myhost");
    assertThat(host.exitCode()).isNotZero();
    assertThat(host.stderr()).contains("only one instance of \"host\" network is allowed");
    String undeclared = api("POST", "/containers/create?name=undeclared", """
        {"Image":"busybox","Cmd":["true"],"HostConfig":{"NetworkMode":"errs"},
         "NetworkingConfig":{"EndpointsConfig":{"errs":{"Aliases":["x"]},"bar":{"Aliases":["y"]}}}}""");
    assertThat(undeclared).startsWith("HTTP/1.1 400").contains("network bar not found");
    assertThat(daemon.docker("inspect", "undeclared").exitCode()).isNotZero();
    Command.Result badMac = daemon.docker("run", "--rm", "--network", "errs", "--mac-address", "zz", "busybox", "true");
    assertThat(badMac.exitCode()).isNotZero();

    ok(daemon.docker("network", "rm", "other"));
    assertThat(Snapshot.take()).isEqualTo(before);
  }

  /**
   * This daemon's part of the host: the interfaces on its bridges (one veth per attachment), the
   * firewall rules for its subnets, its namespaces, and its DNS records. Other daemons on the host
   * (other tests) come and go meanwhile, so only what is this daemon's own is counted.
   */
  record Snapshot(List<String> ports, List<String> rules, List<String> netns, String dnsRecords) {
    static Snapshot take() throws Exception {
      List<String> subnets = new java.util.ArrayList<>();
      List<String> gateways = new java.util.ArrayList<>();
      for (String n : ok(daemon.docker("network", "ls", "-q", "--filter", "driver=bridge")).split("\\s+")) {
        String[] ipam = ok(daemon.docker("network", "inspect", "-f",
            "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}} {{end}}", n)).split(" ");
        subnets.add(ipam[0]);
        if (ipam.length > 1 && !ipam[1].isEmpty()) {
          gateways.add(ipam[1]);
        } else {
          int[] q = java.util.Arrays.stream(ipam[0].split("/")[0].split("\\.")).mapToInt(Integer::parseInt).toArray();
          gateways.add(q[0] + "." + q[1] + "." + q[2] + "." + (q[3] + 1));
        }
      }
      List<String> ports = new java.util.ArrayList<>();
      for (String line : Command.run(Map.of(), null, List.of("ip", "-o", "-4", "addr", "show")).stdout().lines()
          .toList()) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && gateways.contains(f[3].split("/")[0])) {
          Command.run(Map.of(), null, List.of("ip", "-o", "link", "show", "master", f[1])).stdout().lines()
              .map(l -> l.replaceAll("^\\d+: ", "").replaceAll(":.*", "")).forEach(ports::add);
        }
      }
      List<String> rules = new java.util.ArrayList<>();
      for (String table : List.of("nat", "filter")) {
        Command.run(Map.of(), null, List.of("iptables", "-t", table, "-S")).stdout().lines()
            .filter(l -> subnets.stream().anyMatch(l::contains)).forEach(rules::add);
      }
      List<String> ids = List.of(daemon.docker("ps", "-aq", "--no-trunc").stdout().split("\\s+"));
      List<String> netns;
      try (var s = Files.list(Path.of("/run/netns"))) {
        netns = s.map(p -> p.getFileName().toString())
            .filter(n -> n.startsWith("berth-") && ids.stream().anyMatch(id -> !id.isEmpty()
                && n.equals("berth-" + id.substring(0, Math.min(16, id.length())))))
            .sorted().toList();
      }
      StringBuilder dns = new StringBuilder();
      Path dir = daemon.execRoot().resolve("netavark/aardvark-dns");
      if (Files.isDirectory(dir)) {
        try (var s = Files.list(dir)) {
          for (Path p : s.sorted().toList()) {
            if (!p.getFileName().toString().equals("aardvark.pid")) {
              dns.append(p.getFileName()).append(':').append(Files.readString(p));
            }
          }
        }
      }
      return new Snapshot(ports.stream().sorted().toList(), rules.stream().sorted().toList(), netns, dns.toString());
    }
  }
}
