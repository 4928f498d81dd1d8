package dev.berth.daemon.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Limits and security options as they reach the OCI spec, and Docker's refusals of bad values. */
class HostSettingsTest {
  private static ObjectNode host(String json) throws Exception {
    return (ObjectNode) Json.plain().readTree(json);
  }

  private static List<String> names(JsonNode seccomp) {
    List<String> out = new ArrayList<>();
    seccomp.path("syscalls").forEach(r -> {
      if (r.path("action").asText().equals("SCMP_ACT_ALLOW") && !r.has("args")) {
        r.path("names").forEach(n -> out.add(n.asText()));
      }
    });
    return out;
  }

  @Test
  void capabilitiesFollowDockersRules() throws Exception {
    assertThat(Capabilities.of(host("{}"))).containsExactlyInAnyOrderElementsOf(Capabilities.DEFAULT);
    assertThat(Capabilities.of(host("{\"CapDrop\":[\"net_raw\"]}"))).doesNotContain("CAP_NET_RAW").hasSize(13);
    assertThat(Capabilities.of(host("{\"CapDrop\":[\"ALL\"],\"CapAdd\":[\"CAP_CHOWN\",\"kill\"]}")))
        .containsExactly("CAP_CHOWN", "CAP_KILL");
    assertThat(Capabilities.of(host("{\"Privileged\":true}"))).isEqualTo(Capabilities.grantable());
    assertThatThrownBy(() -> Capabilities.validate(host("{\"CapAdd\":[\"FOO\"]}")))
        .isInstanceOf(ApiException.class).hasMessage("unknown capability: \"CAP_FOO\"");
    assertThat(Capabilities.fromMask(0x00000000a80425fbL)).containsExactlyInAnyOrderElementsOf(Capabilities.DEFAULT);
  }

  @Test
  void defaultSeccompProfileDeniesWithEpermAndUnlocksSyscallsPerCapability() {
    SeccompProfile.Arch amd64 = new SeccompProfile.Arch("amd64", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"));
    ObjectNode plain = SeccompProfile.builtin(Capabilities.DEFAULT, amd64);
    assertThat(plain.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(plain.path("defaultErrnoRet").asInt()).isEqualTo(1);
    assertThat(names(plain)).contains("read", "chroot", "arch_prctl").doesNotContain("mount", "unshare", "kcmp",
        "swapon", "keyctl", "reboot");
    List<String> admin = new ArrayList<>(Capabilities.DEFAULT);
    admin.add("CAP_SYS_ADMIN");
    assertThat(names(SeccompProfile.builtin(admin, amd64))).contains("mount", "unshare", "setns", "clone3")
        .doesNotContain("swapon", "reboot");
    assertThat(plain.toString()).contains("\"clone3\"").contains("\"errnoRet\":38");
  }

  @Test
  void customProfilesAreFilteredByCapabilityAndArchitecture() throws Exception {
    JsonNode p = SeccompProfile.parseCustom("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"archMap\":[{\"architecture\":"
        + "\"SCMP_ARCH_X86_64\",\"subArchitectures\":[\"SCMP_ARCH_X86\"]}],\"syscalls\":[{\"names\":[\"read\"],"
        + "\"action\":\"SCMP_ACT_ALLOW\"},{\"names\":[\"mount\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":"
        + "{\"caps\":[\"CAP_SYS_ADMIN\"]}},{\"names\":[\"tee\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":"
        + "{\"arches\":[\"arm64\"]}}]}");
    SeccompProfile.Arch amd64 = new SeccompProfile.Arch("amd64", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"));
    ObjectNode s = SeccompProfile.custom(p, Capabilities.DEFAULT, amd64);
    assertThat(names(s)).containsExactly("read");
    assertThat(s.path("architectures").toString()).isEqualTo("[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\"]");
    assertThatThrownBy(() -> SeccompProfile.parseCustom("{\"syscalls\":[]}")).isInstanceOf(ApiException.class);
  }

  @Test
  void securityOptionsParseAsDockerDoes() throws Exception {
    assertThat(SecurityOptions.of(host("{\"SecurityOpt\":[\"no-new-privileges\"]}")).noNewPrivileges()).isTrue();
    assertThat(SecurityOptions.of(host("{\"SecurityOpt\":[\"no-new-privileges=false\"]}")).noNewPrivileges())
        .isFalse();
    assertThat(SecurityOptions.of(host("{\"SecurityOpt\":[\"no-new-privileges:true\"]}")).noNewPrivileges())
        .isTrue();
    assertThat(SecurityOptions.of(host("{\"SecurityOpt\":[\"seccomp=unconfined\"]}")).seccomp())
        .isEqualTo("unconfined");
    assertThatThrownBy(() -> SecurityOptions.of(host("{\"SecurityOpt\":[\"foo\"]}")))
        .hasMessage("invalid --security-opt 1: \"foo\"");
    assertThatThrownBy(() -> SecurityOptions.of(host("{\"SecurityOpt\":[\"no-new-privileges=maybe\"]}")))
        .hasMessage("invalid --security-opt 2: \"no-new-privileges=maybe\"");
  }

  @Test
  void ioUringIsNotInTheDefaultProfileWhateverTheCapabilities() {
    SeccompProfile.Arch amd64 = new SeccompProfile.Arch("amd64", List.of("SCMP_ARCH_X86_64"));
    assertThat(names(SeccompProfile.builtin(List.of("CAP_SYS_ADMIN", "CAP_SYS_PTRACE"), amd64)))
        .doesNotContain("io_uring_setup", "io_uring_enter", "io_uring_register").contains("io_submit");
  }

  @Test
  void lsmOptionsAreAppliedOrRefusedNeverIgnored() throws Exception {
    LinuxSecurityModules none = new LinuxSecurityModules(false, false);
    LinuxSecurityModules appArmor = new LinuxSecurityModules(true, false);
    LinuxSecurityModules selinux = new LinuxSecurityModules(false, true);
    // asking for no confinement is honoured everywhere
    assertThat(SecurityOptions.of(host("{\"SecurityOpt\":[\"apparmor=unconfined\",\"label=disable\"]}"), none)
        .appArmor()).isEqualTo("unconfined");
    assertThat(SecurityOptions.of(host("{\"SecurityOpt\":[\"label:disable\"]}"), none).appArmor()).isNull();
    // a named profile: applied with AppArmor, refused without
    SecurityOptions named = SecurityOptions.of(host("{\"SecurityOpt\":[\"apparmor=my-profile\"]}"), appArmor);
    assertThat(AppArmor.profileFor(named, false, appArmor)).isEqualTo("my-profile");
    assertThatThrownBy(() -> SecurityOptions.of(host("{\"SecurityOpt\":[\"apparmor=my-profile\"]}"), none))
        .hasMessage("invalid --security-opt apparmor=my-profile: AppArmor is not enabled on this host, so the profile"
            + " cannot be applied (apparmor=unconfined runs without one)");
    assertThatThrownBy(() -> SecurityOptions.of(host("{\"SecurityOpt\":[\"apparmor=a b\"]}"), appArmor))
        .hasMessage("invalid --security-opt 2: \"apparmor=a b\"");
    // the default: berth-default where AppArmor is on, unconfined when privileged, nothing where it is off
    SecurityOptions plain = SecurityOptions.of(host("{}"), appArmor);
    assertThat(AppArmor.profileFor(plain, false, appArmor)).isEqualTo("berth-default");
    assertThat(AppArmor.profileFor(plain, true, appArmor)).isEqualTo("unconfined");
    assertThat(AppArmor.profileFor(plain, false, none)).isNull();
    assertThat(AppArmor.defaultProfile()).contains("profile berth-default ").contains("deny mount,");
    // SELinux labels are refused, saying why
    assertThatThrownBy(() -> SecurityOptions.of(host("{\"SecurityOpt\":[\"label=type:svirt_t\"]}"), none))
        .hasMessageContaining("SELinux is not enabled on this host");
    assertThatThrownBy(() -> SecurityOptions.of(host("{\"SecurityOpt\":[\"label=level:s0\"]}"), selinux))
        .hasMessageContaining("berthd does not apply SELinux labels");
    assertThatThrownBy(() -> SecurityOptions.of(host("{\"SecurityOpt\":[\"label=bogus\"]}"), selinux))
        .hasMessageContaining("bad label option");
  }

  @Test
  void hostModulesAreReadFromSysfs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path sys) throws Exception {
    assertThat(LinuxSecurityModules.probe(sys)).isEqualTo(new LinuxSecurityModules(false, false));
    java.nio.file.Files.createDirectories(sys.resolve("module/apparmor/parameters"));
    java.nio.file.Files.writeString(sys.resolve("module/apparmor/parameters/enabled"), "Y\n");
    java.nio.file.Files.createDirectories(sys.resolve("fs/selinux"));
    java.nio.file.Files.writeString(sys.resolve("fs/selinux/enforce"), "1");
    assertThat(LinuxSecurityModules.probe(sys)).isEqualTo(new LinuxSecurityModules(true, true));
  }

  @Test
  void limitsBecomeOciResourcesWithDockersDefaults() throws Exception {
    ObjectNode h = host("{\"Memory\":67108864,\"NanoCpus\":1500000000,\"PidsLimit\":5,\"CpuShares\":512,"
        + "\"CpusetCpus\":\"0\"}");
    ResourceLimits.checkAndNormalize(h);
    assertThat(h.path("ShmSize").asLong()).isEqualTo(64L << 20);
    ObjectNode r = Json.plain().createObjectNode();
    ResourceLimits.toOci(h, r);
    assertThat(r.at("/memory/limit").asLong()).isEqualTo(64L << 20);
    assertThat(r.at("/cpu/quota").asLong()).isEqualTo(150_000);
    assertThat(r.at("/cpu/period").asLong()).isEqualTo(100_000);
    assertThat(r.at("/cpu/shares").asLong()).isEqualTo(512);
    assertThat(r.at("/cpu/cpus").asText()).isEqualTo("0");
    assertThat(r.at("/pids/limit").asLong()).isEqualTo(5);
    if (ResourceLimits.swapLimitSupported()) {
      assertThat(h.path("MemorySwap").asLong()).isEqualTo(128L << 20);
      assertThat(r.at("/memory/swap").asLong()).isEqualTo(128L << 20);
    }
  }

  @Test
  void badLimitsAreRefusedWithDockersMessages() {
    assertThatThrownBy(() -> ResourceLimits.checkAndNormalize(host("{\"Memory\":1048576}")))
        .hasMessage("Minimum memory limit allowed is 6MB");
    assertThatThrownBy(() -> ResourceLimits.checkAndNormalize(host("{\"Memory\":67108864,\"MemorySwap\":1048576}")))
        .hasMessage("Minimum memoryswap limit should be larger than memory limit, see usage");
    assertThatThrownBy(() -> ResourceLimits.checkAndNormalize(host("{\"NanoCpus\":1000000000,\"CpuPeriod\":1000}")))
        .hasMessage("Conflicting options: Nano CPUs and CPU Period cannot both be set");
    assertThatThrownBy(() -> ResourceLimits.checkAndNormalize(host("{\"CpusetCpus\":\"1-x\"}")))
        .hasMessage("Invalid value 1-x for cpuset cpus");
    assertThatThrownBy(() -> Ulimits.validate(host("{\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":10,\"Hard\":5}]}")))
        .hasMessage("ulimit soft limit must be less than or equal to hard limit: 10 > 5");
    assertThatThrownBy(() -> Sysctls.validate(host("{\"Sysctls\":{\"kernel.hostname\":\"x\"}}"), "bridge"))
        .hasMessageStartingWith("sysctl \"kernel.hostname\" is not allowed");
    assertThatThrownBy(() -> Sysctls.validate(host("{\"Sysctls\":{\"net.ipv4.ip_forward\":\"1\"}}"), "host"))
        .hasMessageContaining("--network host");
  }
}
