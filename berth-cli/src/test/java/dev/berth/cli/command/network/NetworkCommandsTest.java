package dev.berth.cli.command.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.Main;
import dev.berth.cli.json.Json;
import dev.berth.cli.testing.FakeDaemon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkCommandsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int berth(FakeDaemon d, String stdin, String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        Map.of("BERTH_HOST", d.uri()));
  }

  @Test
  void createSendsDockersBodyAndPrintsId() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(201, "{\"Id\":\"abc123\",\"Warning\":\"\"}"))) {
      assertThat(berth(d, "", "network", "create", "--subnet", "10.5.0.0/16", "--gateway", "10.5.0.1", "--internal",
          "--label", "a=b", "-o", "com.example.mtu=1400", "mynet")).isZero();
      assertThat(out.toString()).isEqualTo("abc123\n");
      FakeDaemon.Request r = d.requests.get(0);
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.target()).isEqualTo("/v1.51/networks/create");
      assertThat(r.bodyText()).isEqualTo("{\"Name\":\"mynet\",\"Driver\":\"bridge\",\"Scope\":\"\",\"IPAM\":{\"Driver\":\"default\","
          + "\"Config\":[{\"Subnet\":\"10.5.0.0/16\",\"Gateway\":\"10.5.0.1\"}],\"Options\":{}},\"Internal\":true,"
          + "\"Attachable\":false,\"Ingress\":false,\"ConfigOnly\":false,\"Options\":{\"com.example.mtu\":\"1400\"},"
          + "\"Labels\":{\"a\":\"b\"}}");
    }
  }

  @Test
  void createWithoutSubnetSendsEmptyIpamConfig() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(201, "{\"Id\":\"x\",\"Warning\":\"\"}"))) {
      assertThat(berth(d, "", "network", "create", "-d", "bridge", "n1")).isZero();
      Map<?, ?> body = (Map<?, ?>) Json.parse(d.requests.get(0).bodyText());
      assertThat(body.get("IPAM")).isEqualTo(Map.of("Driver", "default", "Config", List.of(), "Options", Map.of()));
      assertThat(body.get("Internal")).isEqualTo(false);
      assertThat(body.containsKey("EnableIPv6")).isFalse();
    }
  }

  @Test
  void createChecksGatewayAgainstSubnet() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(201, "{}"))) {
      assertThat(berth(d, "", "network", "create", "--gateway", "10.0.0.1", "n")).isEqualTo(1);
      assertThat(err.toString()).isEqualTo("Error: every ip-range or gateway must have a corresponding subnet\n");
      err.reset();
      assertThat(berth(d, "", "network", "create", "--subnet", "10.0.0.0/24", "--gateway", "10.1.0.1", "n")).isEqualTo(1);
      assertThat(err.toString()).isEqualTo("Error: no matching subnet for gateway 10.1.0.1\n");
      err.reset();
      assertThat(berth(d, "", "network", "create", "--subnet", "bogus", "--gateway", "10.0.0.1", "n")).isEqualTo(1);
      assertThat(err.toString()).isEqualTo("Error: invalid subnet: invalid CIDR address: bogus\n");
      assertThat(d.requests).isEmpty();
    }
  }

  @Test
  void lsTableSortedByNameWithShortIds() throws Exception {
    String list = "[{\"Name\":\"mynet\",\"Id\":\"1111111111112222222222\",\"Driver\":\"bridge\",\"Scope\":\"local\"},"
        + "{\"Name\":\"bridge\",\"Id\":\"aaaaaaaaaaaabbbbbbbb\",\"Driver\":\"bridge\",\"Scope\":\"local\"},"
        + "{\"Name\":\"host\",\"Id\":\"cccccccccccc0000\",\"Driver\":\"host\",\"Scope\":\"local\"},"
        + "{\"Name\":\"none\",\"Id\":\"dddddddddddd0000\",\"Driver\":\"null\",\"Scope\":\"local\"}]";
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(200, list))) {
      assertThat(berth(d, "", "network", "ls")).isZero();
      assertThat(out.toString()).isEqualTo("""
          NETWORK ID     NAME      DRIVER    SCOPE
          aaaaaaaaaaaa   bridge    bridge    local
          cccccccccccc   host      host      local
          111111111111   mynet     bridge    local
          dddddddddddd   none      null      local
          """);
      assertThat(d.requests.get(0).target()).isEqualTo("/v1.51/networks");
      out.reset();
      assertThat(berth(d, "", "network", "ls", "-q", "--no-trunc", "--filter", "driver=bridge")).isZero();
      assertThat(out.toString()).isEqualTo("aaaaaaaaaaaabbbbbbbb\ncccccccccccc0000\n1111111111112222222222\ndddddddddddd0000\n");
      assertThat(d.requests.get(1).target()).isEqualTo("/v1.51/networks?filters=%7B%22driver%22%3A%5B%22bridge%22%5D%7D");
      out.reset();
      assertThat(berth(d, "", "network", "list", "--format", "{{.Name}} {{.Internal}}")).isZero();
      assertThat(out.toString()).isEqualTo("bridge false\nhost false\nmynet false\nnone false\n");
    }
  }

  @Test
  void lsCreatedAtAndNaturalOrder() {
    assertThat(NetworkRow.goTime("2024-05-01T10:20:30.123400Z")).isEqualTo("2024-05-01 10:20:30.1234 +0000 UTC");
    assertThat(NetworkRow.goTime("2024-05-01T10:20:30+02:00")).isEqualTo("2024-05-01 10:20:30 +0200 +0200");
    assertThat(NetworkRow.naturalCompare("net2", "net10")).isNegative();
    assertThat(NetworkRow.naturalCompare("a", "b")).isNegative();
  }

  @Test
  void inspectPrintsIndentedArrayAndReportsMissing() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> r.target().endsWith("/mynet")
        ? FakeDaemon.json(200, "{\"Name\":\"mynet\",\"Id\":\"abc\",\"Internal\":false}\n")
        : FakeDaemon.json(404, "{\"message\":\"network nope not found\"}"))) {
      assertThat(berth(d, "", "network", "inspect", "mynet", "nope")).isEqualTo(1);
      assertThat(out.toString()).isEqualTo("""
          [
              {
                  "Name": "mynet",
                  "Id": "abc",
                  "Internal": false
              }
          ]
          """);
      assertThat(err.toString()).isEqualTo("Error response from daemon: network nope not found\n");
      assertThat(d.requests.get(0).target()).isEqualTo("/v1.51/networks/mynet");
      out.reset();
      err.reset();
      assertThat(berth(d, "", "network", "inspect", "-f", "{{.Name}}/{{.Id}}", "mynet")).isZero();
      assertThat(out.toString()).isEqualTo("mynet/abc\n");
    }
  }

  @Test
  void rmContinuesAfterAFailure() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> r.target().endsWith("/busy")
        ? FakeDaemon.json(403, "{\"message\":\"error while removing network: network busy has active endpoints\"}")
        : "HTTP/1.1 204 No Content\r\n\r\n")) {
      assertThat(berth(d, "", "network", "rm", "a", "busy", "b")).isEqualTo(1);
      assertThat(out.toString()).isEqualTo("a\nb\n");
      assertThat(err.toString()).isEqualTo("Error response from daemon: error while removing network: network busy has active endpoints\n");
      assertThat(d.requests).extracting(FakeDaemon.Request::method).containsOnly("DELETE");
      assertThat(d.requests).extracting(FakeDaemon.Request::target)
          .containsExactly("/v1.51/networks/a", "/v1.51/networks/busy", "/v1.51/networks/b");
      out.reset();
      assertThat(berth(d, "", "network", "remove", "c")).isZero();
      assertThat(out.toString()).isEqualTo("c\n");
    }
  }

  @Test
  void rmForceIgnoresMissing() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(404, "{\"message\":\"network x not found\"}"))) {
      assertThat(berth(d, "", "network", "rm", "-f", "x")).isZero();
      assertThat(out.toString()).isEmpty();
      assertThat(err.toString()).isEmpty();
    }
  }

  @Test
  void prunePromptsAndListsDeleted() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(200, "{\"NetworksDeleted\":[\"n1\",\"n2\"]}"))) {
      assertThat(berth(d, "n\n", "network", "prune")).isZero();
      assertThat(out.toString()).isEqualTo("WARNING! This will remove all custom networks not used by at least one container.\n"
          + "Are you sure you want to continue? [y/N] ");
      assertThat(d.requests).isEmpty();
      out.reset();
      assertThat(berth(d, "y\n", "network", "prune", "--filter", "until=24h")).isZero();
      assertThat(out.toString()).endsWith("[y/N] Deleted Networks:\nn1\nn2\n\n");
      assertThat(d.requests.get(0).method()).isEqualTo("POST");
      assertThat(d.requests.get(0).target()).isEqualTo("/v1.51/networks/prune?filters=%7B%22until%22%3A%5B%2224h%22%5D%7D");
      out.reset();
      assertThat(berth(d, "", "network", "prune", "-f")).isZero();
      assertThat(out.toString()).isEqualTo("Deleted Networks:\nn1\nn2\n\n");
    }
  }

  @Test
  void connectAndDisconnectBodies() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
      assertThat(berth(d, "", "network", "connect", "--alias", "db", "--alias", "pg", "--ip", "10.5.0.9", "mynet", "c1")).isZero();
      assertThat(out.toString()).isEmpty();
      assertThat(d.requests.get(0).target()).isEqualTo("/v1.51/networks/mynet/connect");
      Map<?, ?> body = (Map<?, ?>) Json.parse(d.requests.get(0).bodyText());
      assertThat(body.get("Container")).isEqualTo("c1");
      Map<?, ?> ep = (Map<?, ?>) body.get("EndpointConfig");
      assertThat(ep.get("Aliases")).isEqualTo(List.of("db", "pg"));
      assertThat(ep.get("IPAMConfig")).isEqualTo(Map.of("IPv4Address", "10.5.0.9", "IPv6Address", ""));

      assertThat(berth(d, "", "network", "disconnect", "-f", "mynet", "c1")).isZero();
      assertThat(d.requests.get(1).target()).isEqualTo("/v1.51/networks/mynet/disconnect");
      assertThat(d.requests.get(1).bodyText()).isEqualTo("{\"Container\":\"c1\",\"Force\":true}");
    }
  }

  @Test
  void connectRejectsBadIpAndWrongArgCount() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(200, "{}"))) {
      assertThat(berth(d, "", "network", "connect", "--ip", "10.5.0", "n", "c")).isEqualTo(125);
      assertThat(err.toString()).startsWith("invalid argument \"10.5.0\" for \"--ip\" flag");
      err.reset();
      assertThat(berth(d, "", "network", "disconnect", "n")).isEqualTo(1);
      assertThat(err.toString()).startsWith("\"berth network disconnect\" requires exactly 2 arguments.");
      assertThat(d.requests).isEmpty();
    }
  }

  @Test
  void daemonErrorOnConnect() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(404, "{\"message\":\"No such container: c9\"}"))) {
      assertThat(berth(d, "", "network", "connect", "n", "c9")).isEqualTo(1);
      assertThat(err.toString()).isEqualTo("Error response from daemon: No such container: c9\n");
    }
  }

  @Test
  void ipFormatting() {
    assertThat(Networks.format(Networks.parseIp("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
    assertThat(Networks.format(Networks.parseIp("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
    assertThat(Networks.format(Networks.parseIp("::ffff:1.2.3.4"))).isEqualTo("1.2.3.4");
    assertThat(Networks.parseIp("1.2.3.256")).isNull();
    assertThat(Networks.parseIp("01.2.3.4")).isNull();
    assertThat(Networks.parseCidr("fd00::/64").contains(Networks.parseIp("fd00::5"))).isTrue();
    assertThat(Networks.parseCidr("10.0.0.0/8").contains(Networks.parseIp("11.0.0.1"))).isFalse();
  }
}
