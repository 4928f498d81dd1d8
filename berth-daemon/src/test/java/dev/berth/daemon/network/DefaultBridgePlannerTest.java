package dev.berth.daemon.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultBridgePlannerTest {
  @TempDir
  Path tmp;

  private DefaultBridgePlanner planner(List<HostNetworks.Use> host, Set<String> interfaces) {
    return new DefaultBridgePlanner(AddressPools.defaults(), host, new HostClaims(tmp.resolve("claims"),
        tmp.resolve("me")), interfaces::contains);
  }

  private static BridgeNetwork bridge(String subnet, String gateway, String iface, boolean auto) {
    return new BridgeNetwork("id", "bridge", subnet, gateway, iface, Instant.EPOCH, false, false, true, Map.of(), auto,
        null, Map.of(), false, false, Map.of(), null);
  }

  @Test
  void aHostWithoutDockerGets172_17OnBerth0() {
    DefaultBridgePlanner.Plan p = planner(List.of(), Set.of()).plan(null, List.of(), null, null);
    assertThat(p).isEqualTo(new DefaultBridgePlanner.Plan("172.17.0.0/16", "172.17.0.1", "berth0", true));
  }

  @Test
  void besideDocker0TheNextFreePoolSubnetIsTaken() {
    var docker0 = new HostNetworks.Use("172.17.0.0/16", "docker0", "route");
    var other = new HostNetworks.Use("172.18.5.0/24", "eth1", "address");
    DefaultBridgePlanner.Plan p = planner(List.of(docker0, other), Set.of("docker0", "berth0"))
        .plan(null, List.of(), null, null);
    assertThat(p.subnet()).isEqualTo("172.19.0.0/16");
    assertThat(p.gateway()).isEqualTo("172.19.0.1");
    assertThat(p.iface()).isEqualTo("berth1");
  }

  @Test
  void theStoredChoiceIsKeptAcrossRestartsWhileItsBridgeIsUp() {
    var ours = new HostNetworks.Use("172.19.0.0/16", "berth0", "route");
    DefaultBridgePlanner.Plan p = planner(List.of(ours), Set.of("berth0"))
        .plan(bridge("172.19.0.0/16", "172.19.0.1", "berth0", true), List.of(), null, null);
    assertThat(p.subnet()).isEqualTo("172.19.0.0/16");
    assertThat(p.iface()).isEqualTo("berth0");
  }

  @Test
  void anAutoChosenSubnetTakenWhileBerthdWasStoppedIsPickedAgain() {
    var docker0 = new HostNetworks.Use("172.17.0.0/16", "docker0", "route");
    DefaultBridgePlanner.Plan p = planner(List.of(docker0), Set.of("docker0"))
        .plan(bridge("172.17.0.0/16", "172.17.0.1", "berth0", true), List.of(), null, null);
    assertThat(p.subnet()).isEqualTo("172.18.0.0/16");
  }

  @Test
  void bipWinsButNotOverAHostRoute() {
    var docker0 = new HostNetworks.Use("172.17.0.0/16", "docker0", "route");
    DefaultBridgePlanner planner = planner(List.of(docker0), Set.of());
    assertThat(planner.plan(null, List.of(), "10.9.8.1/24", null).subnet()).isEqualTo("10.9.8.0/24");
    assertThatThrownBy(() -> planner.plan(null, List.of(), "172.17.5.1/24", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--bip 172.17.5.1/24 overlaps the host's route 172.17.0.0/16 dev docker0");
  }

  @Test
  void anotherBerthdsBridgeNameAndSubnetAreLeftToIt() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(other.resolve("metadata.db"), "");
    HostClaims theirs = new HostClaims(tmp.resolve("claims"), other);
    assertThat(theirs.claimInterface("berth0")).isTrue();
    assertThat(theirs.claimSubnet("172.17.0.0/16")).isTrue();
    DefaultBridgePlanner.Plan p = planner(List.of(), Set.of()).plan(null, List.of(), null, null);
    assertThat(p.iface()).isEqualTo("berth1");
    assertThat(p.subnet()).isEqualTo("172.18.0.0/16");
  }

  @Test
  void addressPoolsAreParsedAsDockerdsFlag() {
    AddressPools pools = AddressPools.parse(List.of("base=10.40.0.0/16,size=24"));
    assertThat(pools.nextFree(List.of("10.40.0.0/24"))).isEqualTo("10.40.1.0/24");
    assertThatThrownBy(() -> AddressPools.parse(List.of("base=10.40.0.0/16")))
        .hasMessageContaining("want base=CIDR,size=N");
    assertThatThrownBy(() -> AddressPools.parse(List.of("base=10.40.0.0/16,size=8")))
        .hasMessageContaining("size 8");
    assertThat(AddressPools.defaults().nextFree(List.of("172.16.0.0/12"))).isEqualTo("192.168.0.0/20");
  }

  @Test
  void interfaceAddressesAreRead() {
    List<HostNetworks.Use> uses = HostNetworks.parseAddresses(
        "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever\n"
            + "7: dum0    inet 172.17.0.1/16 scope global dum0\\       valid_lft forever\n");
    assertThat(uses).containsExactly(new HostNetworks.Use("172.17.0.0/16", "dum0", "address"));
  }

  @Test
  void ipv6AddressesAreWrittenAsDockerWritesThem() {
    assertThat(Ipv6Subnets.normalize("2001:389:0::/64")).isEqualTo("2001:389::/64");
    assertThat(Ipv6Subnets.at("2001:389::/64", 2)).isEqualTo("2001:389::2");
    assertThat(Ipv6Subnets.format(Ipv6Subnets.toBig("2001:389::f00d"))).isEqualTo("2001:389::f00d");
    assertThat(Ipv6Subnets.contains("2001:389::/64", "2001:389::f00d")).isTrue();
    assertThat(Ipv6Subnets.randomUla()).startsWith("fd").endsWith("::/64");
  }
}
