package dev.berth.daemon.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecGeneratorTest {
  private static final ContainerPaths PATHS = ContainerPaths.of(Path.of("/var/lib/berth"), Path.of("/run/berth"),
      ContainerFactoryTest.ID);

  private static ObjectNode spec(String request, boolean hostNetwork, boolean unifiedCgroups) {
    Container c = ContainerFactoryTest.build(request, ContainerFactoryTest.BUSYBOX);
    SpecGenerator.Inputs in = new SpecGenerator.Inputs(PATHS, new UserResolver.Ids(1000, 1000, List.of(29), "/home/app"),
        List.of("PATH=/bin", "HOSTNAME=x"), "/work", hostNetwork, unifiedCgroups, null);
    return SpecGenerator.generate(c, in);
  }

  private static ObjectNode spec() {
    return spec("{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"hi\"]}", false, true);
  }

  private static List<String> namespaces(ObjectNode spec) {
    List<String> out = new ArrayList<>();
    spec.at("/linux/namespaces").forEach(n -> out.add(n.get("type").asText()));
    return out;
  }

  private static JsonNode mount(ObjectNode spec, String destination) {
    for (JsonNode m : spec.get("mounts")) {
      if (m.get("destination").asText().equals(destination)) {
        return m;
      }
    }
    return null;
  }

  @Test
  void namespacesIncludeNetworkByDefault() {
    assertThat(namespaces(spec())).containsExactlyInAnyOrder("pid", "ipc", "uts", "mount", "network", "cgroup");
  }

  @Test
  void hostNetworkSharesTheHostsNetworkNamespace() {
    assertThat(namespaces(spec("{\"Image\":\"busybox\"}", true, true))).doesNotContain("network");
  }

  @Test
  void cgroupNamespaceOnlyWithUnifiedCgroups() {
    assertThat(namespaces(spec("{\"Image\":\"busybox\"}", false, false))).doesNotContain("cgroup");
  }

  @Test
  void capabilitiesAreDockersFourteenDefaults() {
    List<String> expected = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
        "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
        "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    ObjectNode caps = (ObjectNode) spec().at("/process/capabilities");

    for (String set : List.of("bounding", "effective", "permitted")) {
      assertThat(SpecGenerator.asStrings(caps.get(set))).as(set).hasSize(14).containsExactlyInAnyOrderElementsOf(expected);
    }
    assertThat(caps.has("inheritable")).isFalse();
  }

  @Test
  void maskedPathsHideKernelInterfaces() {
    assertThat(SpecGenerator.asStrings(spec().at("/linux/maskedPaths")))
        .contains("/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug", "/sys/firmware", "/proc/acpi",
            "/proc/scsi");
  }

  @Test
  void readonlyPathsProtectKernelSettings() {
    assertThat(SpecGenerator.asStrings(spec().at("/linux/readonlyPaths")))
        .containsExactlyInAnyOrder("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
  }

  @Test
  void standardFilesystemsAreMounted() {
    ObjectNode s = spec();

    assertThat(mount(s, "/proc").get("type").asText()).isEqualTo("proc");
    assertThat(mount(s, "/dev").get("type").asText()).isEqualTo("tmpfs");
    assertThat(mount(s, "/dev/pts").get("type").asText()).isEqualTo("devpts");
    assertThat(mount(s, "/sys").get("type").asText()).isEqualTo("sysfs");
    assertThat(SpecGenerator.asStrings(mount(s, "/sys").get("options"))).contains("ro");
    assertThat(mount(s, "/dev/shm").get("type").asText()).isEqualTo("tmpfs");
  }

  @Test
  void shmIs64MiBUnlessShmSizeIsSet() {
    assertThat(SpecGenerator.asStrings(mount(spec(), "/dev/shm").get("options"))).contains("size=67108864");
    ObjectNode big = spec("{\"Image\":\"busybox\",\"HostConfig\":{\"ShmSize\":1048576}}", false, true);
    assertThat(SpecGenerator.asStrings(mount(big, "/dev/shm").get("options"))).contains("size=1048576");
  }

  @Test
  void etcFilesAreBoundFromTheContainersDataDirectory() {
    ObjectNode s = spec();

    for (String[] b : new String[][] {{"/etc/resolv.conf", PATHS.resolvConf().toString()},
        {"/etc/hostname", PATHS.hostname().toString()}, {"/etc/hosts", PATHS.hosts().toString()}}) {
      JsonNode m = mount(s, b[0]);
      assertThat(m).as(b[0]).isNotNull();
      assertThat(m.get("type").asText()).isEqualTo("bind");
      assertThat(m.get("source").asText()).isEqualTo(b[1]);
    }
  }

  @Test
  void processCarriesCommandUserEnvAndCwd() {
    ObjectNode s = spec();

    assertThat(SpecGenerator.asStrings(s.at("/process/args"))).containsExactly("echo", "hi");
    assertThat(s.at("/process/user/uid").asInt()).isEqualTo(1000);
    assertThat(s.at("/process/user/gid").asInt()).isEqualTo(1000);
    assertThat(SpecGenerator.asStrings(s.at("/process/user/additionalGids"))).containsExactly("29");
    assertThat(SpecGenerator.asStrings(s.at("/process/env"))).containsExactly("PATH=/bin", "HOSTNAME=x");
    assertThat(s.at("/process/cwd").asText()).isEqualTo("/work");
    assertThat(s.at("/process/terminal").asBoolean()).isFalse();
  }

  @Test
  void rootIsTheBundleRootfsAndReadonlyOnlyWhenAsked() {
    assertThat(spec().at("/root/path").asText()).isEqualTo(PATHS.rootfs().toString());
    assertThat(spec().at("/root/readonly").asBoolean()).isFalse();
    assertThat(spec("{\"Image\":\"busybox\",\"HostConfig\":{\"ReadonlyRootfs\":true}}", false, true)
        .at("/root/readonly").asBoolean()).isTrue();
  }

  @Test
  void hostnameIsTheContainers() {
    assertThat(spec().get("hostname").asText()).isEqualTo("0123456789ab");
  }

  @Test
  void devicesAreDeniedByDefaultWithStandardCharDevicesAllowed() {
    JsonNode devices = spec().at("/linux/resources/devices");

    assertThat(devices.get(0).get("allow").asBoolean()).isFalse();
    boolean nullAllowed = false;
    for (JsonNode d : devices) {
      if (d.get("allow").asBoolean() && d.path("major").asInt() == 1 && d.path("minor").asInt() == 3) {
        nullAllowed = true;
      }
    }
    assertThat(nullAllowed).as("/dev/null allowed").isTrue();
  }

  @Test
  void initRunsAsPidOneWithTheCommandAsItsChild() {
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(Path.of("/usr/bin/tini-static")));
    ObjectNode spec = spec("{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"hi\"],\"HostConfig\":{\"Init\":true}}",
        false, true);
    assertThat(ContainerFactoryTest.strings(spec.at("/process/args")))
        .containsExactly("/sbin/docker-init", "--", "echo", "hi");
    JsonNode init = mount(spec, "/sbin/docker-init");
    assertThat(init.get("source").asText()).isEqualTo("/usr/bin/tini-static");
    assertThat(ContainerFactoryTest.strings(init.get("options"))).contains("ro");
  }

  @Test
  void noInitByDefault() {
    assertThat(ContainerFactoryTest.strings(spec().at("/process/args"))).containsExactly("echo", "hi");
    assertThat(mount(spec(), "/sbin/docker-init")).isNull();
  }

  @Test
  void aMissingInitBinaryIsAClearError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> InitProcess.binary(List.of(Path.of("/nonexistent/tini"))))
        .isInstanceOf(dev.berth.daemon.server.ApiException.class)
        .hasMessage("--init: no init binary found on the host (looked for /nonexistent/tini); install Debian's tini package");
  }
}
