package dev.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.args.ParsedArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateRequestTest {
  @TempDir Path dir;

  private CreateRequest build(boolean detach, String... args) throws Exception {
    ParsedArgs a = ContainerFlags.declare(true).parse(List.of(args));
    return CreateRequest.from(a, detach, Map.of("HOME_VAR", "/root"));
  }

  @Test
  void mapsFlagsToCreateBody() throws Exception {
    Path envFile = dir.resolve("env");
    Files.writeString(envFile, "# comment\nFROM_FILE=1\nHOME_VAR\n\nUNSET_VAR\n");
    CreateRequest r = build(false, "-it", "-e", "X=1", "-e", "HOME_VAR", "--env-file", envFile.toString(), "-w", "/tmp",
        "-u", "1000:1000", "--entrypoint", "/bin/sh", "-l", "a=b", "-h", "box", "--network", "none", "--stop-signal",
        "SIGINT", "--stop-timeout", "5", "--restart", "on-failure:3", "-p", "127.0.0.1:8080:80", "-m", "64m", "--cpus",
        "1.5", "-v", "/host:/data:ro", "busybox", "sh", "-c", "echo hi");
    Map<String, Object> b = r.body();
    assertThat(b.get("Image")).isEqualTo("busybox");
    assertThat(b.get("Cmd")).isEqualTo(List.of("sh", "-c", "echo hi"));
    assertThat(b.get("Entrypoint")).isEqualTo(List.of("/bin/sh"));
    assertThat(b.get("Env")).isEqualTo(List.of("FROM_FILE=1", "HOME_VAR=/root", "X=1", "HOME_VAR=/root"));
    assertThat(b.get("Tty")).isEqualTo(true);
    assertThat(b.get("OpenStdin")).isEqualTo(true);
    assertThat(b.get("AttachStdin")).isEqualTo(true);
    assertThat(b.get("StdinOnce")).isEqualTo(true);
    assertThat(b.get("WorkingDir")).isEqualTo("/tmp");
    assertThat(b.get("User")).isEqualTo("1000:1000");
    assertThat(b.get("Hostname")).isEqualTo("box");
    assertThat(b.get("Labels")).isEqualTo(Map.of("a", "b"));
    assertThat(b.get("StopSignal")).isEqualTo("SIGINT");
    assertThat(b.get("StopTimeout")).isEqualTo(5L);
    assertThat(b.get("ExposedPorts")).isEqualTo(Map.of("80/tcp", Map.of()));
    Map<?, ?> h = (Map<?, ?>) b.get("HostConfig");
    assertThat(h.get("NetworkMode")).isEqualTo("none");
    assertThat(h.get("RestartPolicy")).isEqualTo(Map.of("Name", "on-failure", "MaximumRetryCount", 3L));
    assertThat(h.get("PortBindings")).isEqualTo(Map.of("80/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "8080"))));
    assertThat(h.get("Memory")).isEqualTo(64L << 20);
    assertThat(h.get("NanoCpus")).isEqualTo(1_500_000_000L);
    assertThat(h.get("Binds")).isEqualTo(List.of("/host:/data:ro"));
  }

  @Test
  void detachedRunAttachesNothing() throws Exception {
    CreateRequest r = build(true, "-d", "busybox");
    assertThat(r.body().get("AttachStdout")).isEqualTo(false);
    assertThat(r.body().get("Cmd")).isNull();
    assertThat(r.body().get("Entrypoint")).isNull();
  }

  @Test
  void exitCodeForStartFailures() {
    assertThat(Containers.startFailureCode("exec: \"x\": executable file not found in $PATH")).isEqualTo(127);
    assertThat(Containers.startFailureCode("open /x: no such file or directory")).isEqualTo(127);
    assertThat(Containers.startFailureCode("exec /etc: permission denied")).isEqualTo(126);
    assertThat(Containers.startFailureCode("the command cannot be invoked")).isEqualTo(126);
    assertThat(Containers.startFailureCode("boom")).isEqualTo(125);
  }

  @Test
  void userNetworkGetsEndpointConfig() throws Exception {
    CreateRequest r = build(true, "-d", "--network", "mynet", "--network-alias", "web", "--network-alias", "www", "--ip",
        "10.5.0.7", "--link", "db:db", "busybox");
    Map<?, ?> h = (Map<?, ?>) r.body().get("HostConfig");
    assertThat(h.get("NetworkMode")).isEqualTo("mynet");
    assertThat(h.get("Links")).isEqualTo(List.of("db:db"));
    Map<?, ?> eps = (Map<?, ?>) ((Map<?, ?>) r.body().get("NetworkingConfig")).get("EndpointsConfig");
    assertThat(new java.util.ArrayList<Object>(eps.keySet())).containsExactly("mynet");
    Map<?, ?> ep = (Map<?, ?>) eps.get("mynet");
    assertThat(ep.get("Aliases")).isEqualTo(List.of("web", "www"));
    assertThat(ep.get("Links")).isEqualTo(List.of("db:db"));
    assertThat(ep.get("IPAMConfig")).isEqualTo(Map.of("IPv4Address", "10.5.0.7", "IPv6Address", ""));
  }

  @Test
  void plainNetworkSendsNoEndpoint() throws Exception {
    CreateRequest r = build(true, "-d", "--network", "mynet", "busybox");
    assertThat(((Map<?, ?>) r.body().get("NetworkingConfig")).get("EndpointsConfig")).isEqualTo(Map.of());
    CreateRequest none = build(true, "-d", "busybox");
    assertThat(((Map<?, ?>) none.body().get("NetworkingConfig")).get("EndpointsConfig")).isEqualTo(Map.of());
    assertThat(((Map<?, ?>) none.body().get("HostConfig")).containsKey("NetworkMode")).isFalse();
  }

  @Test
  void aliasesNeedAUserDefinedNetwork() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> build(true, "-d", "--network", "bridge", "--network-alias", "x", "busybox"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("network-scoped aliases are only supported for user-defined networks");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> build(true, "-d", "--ip", "1.2.3", "--network", "n", "busybox"))
        .hasMessage("invalid argument \"1.2.3\" for \"--ip\" flag: invalid string being converted to IP address: 1.2.3");
  }

  @Test
  void dnsHostsPortsAndHostname() throws Exception {
    CreateRequest r = build(true, "-d", "--dns", "8.8.8.8", "--dns", "0:0:0:0:0:0:0:1", "--dns-search", "example.com",
        "--dns-option", "ndots:2", "--add-host", "db=10.0.0.2", "--add-host", "gw:host-gateway", "--add-host", "v6=[::1]",
        "--expose", "7000-7002/udp", "--expose", "9000", "-P", "-p", "8080:80", "--hostname", "h1", "busybox");
    Map<String, Object> b = r.body();
    Map<?, ?> h = (Map<?, ?>) b.get("HostConfig");
    assertThat(h.get("Dns")).isEqualTo(List.of("8.8.8.8", "::1"));
    assertThat(h.get("DnsSearch")).isEqualTo(List.of("example.com"));
    assertThat(h.get("DnsOptions")).isEqualTo(List.of("ndots:2"));
    assertThat(h.get("ExtraHosts")).isEqualTo(List.of("db:10.0.0.2", "gw:host-gateway", "v6:::1"));
    assertThat(h.get("PublishAllPorts")).isEqualTo(true);
    assertThat(h.get("PortBindings")).isEqualTo(Map.of("80/tcp", List.of(Map.of("HostIp", "", "HostPort", "8080"))));
    assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) b.get("ExposedPorts")).keySet()))
        .containsExactlyInAnyOrder("80/tcp", "7000/udp", "7001/udp", "7002/udp", "9000/tcp");
    assertThat(b.get("Hostname")).isEqualTo("h1");
    CreateRequest empty = build(true, "-d", "busybox");
    Map<?, ?> eh = (Map<?, ?>) empty.body().get("HostConfig");
    assertThat(eh.get("Dns")).isEqualTo(List.of());
    assertThat(eh.get("ExtraHosts")).isNull();
  }

  @Test
  void badAddHostAndDnsAreFlagErrors() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> build(true, "-d", "--add-host", "nohost", "busybox"))
        .hasMessage("invalid argument \"nohost\" for \"--add-host\" flag: bad format for add-host: \"nohost\"");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> build(true, "-d", "--add-host", "h:notanip", "busybox"))
        .hasMessage("invalid argument \"h:notanip\" for \"--add-host\" flag: invalid IP address in add-host: \"notanip\"");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> build(true, "-d", "--dns", "x", "busybox"))
        .hasMessage("invalid argument \"x\" for \"--dns\" flag: IP address is not correctly formatted: x");
  }

  @Test
  void healthFlagsMakeAHealthcheckWithGoDurations() throws Exception {
    Map<?, ?> hc = (Map<?, ?>) build(true, "--health-cmd", "true", "--health-interval", "1m30s", "--health-timeout",
        "500ms", "--health-retries", "2", "--health-start-period", "2s", "--health-start-interval", "1s", "busybox")
        .body().get("Healthcheck");
    assertThat(hc.get("Test")).isEqualTo(List.of("CMD-SHELL", "true"));
    assertThat(hc.get("Interval")).isEqualTo(90_000_000_000L);
    assertThat(hc.get("Timeout")).isEqualTo(500_000_000L);
    assertThat(hc.get("Retries")).isEqualTo(2L);
    assertThat(hc.get("StartPeriod")).isEqualTo(2_000_000_000L);
    assertThat(hc.get("StartInterval")).isEqualTo(1_000_000_000L);
    assertThat(build(true, "--no-healthcheck", "busybox").body().get("Healthcheck"))
        .isEqualTo(Map.of("Test", List.of("NONE")));
    assertThat(build(true, "--health-interval", "0s", "busybox").body().get("Healthcheck")).isNull();
  }

  @Test
  void badHealthFlagsAreRefusedAsDockerDoes() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> build(true, "--no-healthcheck", "--health-cmd", "true",
        "busybox")).hasMessage("--no-healthcheck conflicts with --health-* options");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> build(true, "--health-interval", "-1s", "busybox"))
        .hasMessage("--health-interval cannot be negative");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> build(true, "--health-timeout", "soon", "busybox"))
        .hasMessage("invalid argument \"soon\" for \"--health-timeout\" flag: time: invalid duration \"soon\"");
  }
}
