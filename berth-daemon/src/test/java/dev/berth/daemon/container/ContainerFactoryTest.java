package dev.berth.daemon.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.image.ImageRecord;
import dev.berth.daemon.server.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerFactoryTest {
  static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.plain().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ImageRecord image(String runConfig) {
    ObjectNode config = json("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":" + runConfig + "}");
    return new ImageRecord("sha256:" + "a".repeat(64), config, List.of(), List.of("busybox:latest"), 0, 0);
  }

  static final ImageRecord BUSYBOX = image("{\"Env\":[\"PATH=/usr/sbin:/usr/bin\",\"LANG=C\"],\"Cmd\":[\"sh\"]}");

  static Container build(String request, ImageRecord image) {
    return ContainerFactory.build(ID, "test", json(request), image);
  }

  static List<String> strings(com.fasterxml.jackson.databind.JsonNode array) {
    return SpecGenerator.asStrings(array);
  }

  @Test
  void imageCommandIsUsedWhenTheRequestHasNone() {
    Container c = build("{\"Image\":\"busybox\"}", BUSYBOX);

    assertThat(c.path).isEqualTo("sh");
    assertThat(c.args).isEmpty();
  }

  @Test
  void requestCmdReplacesTheImageCmd() {
    Container c = build("{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"hi\"]}", BUSYBOX);

    assertThat(c.path).isEqualTo("echo");
    assertThat(c.args).containsExactly("hi");
  }

  @Test
  void requestCmdIsAppendedToTheImageEntrypoint() {
    ImageRecord img = image("{\"Entrypoint\":[\"/entry.sh\"],\"Cmd\":[\"serve\"]}");

    Container c = build("{\"Image\":\"x\",\"Cmd\":[\"debug\"]}", img);

    assertThat(c.path).isEqualTo("/entry.sh");
    assertThat(c.args).containsExactly("debug");
  }

  @Test
  void requestEntrypointDropsTheImageCmd() {
    Container c = build("{\"Image\":\"busybox\",\"Entrypoint\":[\"/bin/echo\"]}", BUSYBOX);

    assertThat(c.path).isEqualTo("/bin/echo");
    assertThat(c.args).isEmpty();
    assertThat(c.config.get("Cmd").isNull()).isTrue();
    assertThat(strings(c.config.get("Entrypoint"))).containsExactly("/bin/echo");
  }

  @Test
  void requestEntrypointAndCmdAreBothUsed() {
    Container c = build("{\"Image\":\"busybox\",\"Entrypoint\":[\"/bin/echo\"],\"Cmd\":[\"a\",\"b\"]}", BUSYBOX);

    assertThat(c.path).isEqualTo("/bin/echo");
    assertThat(c.args).containsExactly("a", "b");
  }

  @Test
  void commandGivenAsAStringIsOneWord() {
    Container c = build("{\"Image\":\"busybox\",\"Cmd\":\"top\"}", BUSYBOX);

    assertThat(c.path).isEqualTo("top");
  }

  @Test
  void emptyRequestEntrypointClearsTheImageEntrypointButKeepsItsCmd() {
    ImageRecord img = image("{\"Entrypoint\":[\"/entry.sh\"],\"Cmd\":[\"serve\"]}");

    Container c = build("{\"Image\":\"x\",\"Entrypoint\":[]}", img);

    assertThat(c.path).isEqualTo("serve");
    assertThat(c.args).isEmpty();
  }

  @Test
  void noCommandAnywhereIs400() {
    assertThatThrownBy(() -> build("{\"Image\":\"scratch\"}", image("{}")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().code()).isEqualTo(400))
        .hasMessage("no command specified");
  }

  @Test
  void emptyCmdArrayCountsAsNoCommand() {
    assertThatThrownBy(() -> build("{\"Image\":\"scratch\",\"Cmd\":[]}", image("{}")))
        .hasMessage("no command specified");
  }

  @Test
  void envMergesByKeyWithTheRequestWinning() {
    Container c = build("{\"Image\":\"busybox\",\"Env\":[\"LANG=en_US.UTF-8\",\"DEBUG=1\"]}", BUSYBOX);

    assertThat(strings(c.config.get("Env")))
        .containsExactlyInAnyOrder("PATH=/usr/sbin:/usr/bin", "LANG=en_US.UTF-8", "DEBUG=1");
  }

  @Test
  void imageEnvIsKeptWhenTheRequestHasNone() {
    Container c = build("{\"Image\":\"busybox\"}", BUSYBOX);

    assertThat(strings(c.config.get("Env"))).containsExactlyInAnyOrder("PATH=/usr/sbin:/usr/bin", "LANG=C");
  }

  @Test
  void hostnameDefaultsToTheFirstTwelveCharactersOfTheId() {
    Container c = build("{\"Image\":\"busybox\"}", BUSYBOX);

    assertThat(c.config.get("Hostname").asText()).isEqualTo("0123456789ab");
  }

  @Test
  void hostnameFromTheRequestIsKept() {
    Container c = build("{\"Image\":\"busybox\",\"Hostname\":\"web\"}", BUSYBOX);

    assertThat(c.config.get("Hostname").asText()).isEqualTo("web");
  }

  @Test
  void networkModeDefaultsToTheBridge() {
    Container c = build("{\"Image\":\"busybox\"}", BUSYBOX);

    assertThat(c.networkMode).isEqualTo("bridge");
    assertThat(c.hostConfig.get("NetworkMode").asText()).isEqualTo("bridge");
  }

  @Test
  void defaultNetworkModeIsTheBridge() {
    assertThat(build("{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"default\"}}", BUSYBOX).networkMode)
        .isEqualTo("bridge");
    assertThat(build("{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"none\"}}", BUSYBOX).networkMode)
        .isEqualTo("none");
  }

  @Test
  void invalidPortSpecificationIsRefusedAtCreate() {
    assertThatThrownBy(() -> build("{\"Image\":\"b\",\"HostConfig\":{\"PortBindings\":{\"99999/tcp\":[]}}}",
        BUSYBOX)).isInstanceOf(dev.berth.daemon.server.ApiException.class).hasMessageContaining("invalid port");
  }

  @Test
  void hostNetworkModeIsKept() {
    assertThat(build("{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"host\"}}", BUSYBOX).networkMode)
        .isEqualTo("host");
  }

  @Test
  void aUserNetworkIsKeptByNameWithItsEndpointSettings() {
    Container c = build("{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"mynet\"},"
        + "\"NetworkingConfig\":{\"EndpointsConfig\":{\"mynet\":{\"Aliases\":[\"db\"]}}}}", BUSYBOX);

    assertThat(c.networkMode).isEqualTo("mynet");
    assertThat(c.endpointConfig.path("Aliases").get(0).asText()).isEqualTo("db");
  }

  @Test
  void userComesFromTheImageUnlessTheRequestSetsOne() {
    ImageRecord img = image("{\"User\":\"app\",\"Cmd\":[\"sh\"]}");

    assertThat(build("{\"Image\":\"x\"}", img).config.get("User").asText()).isEqualTo("app");
    assertThat(build("{\"Image\":\"x\",\"User\":\"root\"}", img).config.get("User").asText()).isEqualTo("root");
    assertThat(build("{\"Image\":\"x\",\"User\":\"\"}", img).config.get("User").asText()).isEqualTo("app");
  }

  @Test
  void workingDirComesFromTheImageUnlessTheRequestSetsOne() {
    ImageRecord img = image("{\"WorkingDir\":\"/srv\",\"Cmd\":[\"sh\"]}");

    assertThat(build("{\"Image\":\"x\"}", img).config.get("WorkingDir").asText()).isEqualTo("/srv");
    assertThat(build("{\"Image\":\"x\",\"WorkingDir\":\"/tmp\"}", img).config.get("WorkingDir").asText())
        .isEqualTo("/tmp");
  }

  @Test
  void labelsMergeWithTheRequestWinning() {
    ImageRecord img = image("{\"Labels\":{\"a\":\"1\",\"b\":\"2\"},\"Cmd\":[\"sh\"]}");

    Container c = build("{\"Image\":\"x\",\"Labels\":{\"b\":\"3\",\"c\":\"4\"}}", img);

    assertThat(ContainerViews.labels(c)).containsOnly(java.util.Map.entry("a", "1"), java.util.Map.entry("b", "3"),
        java.util.Map.entry("c", "4"));
  }

  @Test
  void labelsAreAnEmptyObjectWhenNoneAreGiven() {
    assertThat(build("{\"Image\":\"busybox\"}", BUSYBOX).config.get("Labels").isObject()).isTrue();
  }

  @Test
  void invalidStopSignalIs400() {
    assertThatThrownBy(() -> build("{\"Image\":\"busybox\",\"StopSignal\":\"SIGNOPE\"}", BUSYBOX))
        .isInstanceOf(ApiException.class)
        .hasMessage("Invalid signal: SIGNOPE");
  }

  @Test
  void imageIdAndNameAreRecorded() {
    Container c = build("{\"Image\":\"busybox\"}", BUSYBOX);

    assertThat(c.imageId).isEqualTo(BUSYBOX.id());
    assertThat(c.image).isEqualTo("busybox");
    assertThat(c.id).isEqualTo(ID);
    assertThat(c.name).isEqualTo("test");
  }

  @Test
  void validNamesAreAcceptedWithoutTheLeadingSlash() {
    assertThat(ContainerFactory.validateName("web-1")).isEqualTo("web-1");
    assertThat(ContainerFactory.validateName("/web_1.a")).isEqualTo("web_1.a");
  }

  @Test
  void invalidNameIs400WithDockersMessage() {
    assertThatThrownBy(() -> ContainerFactory.validateName("bad name!"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().code()).isEqualTo(400))
        .hasMessage("Invalid container name (bad name!), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
  }

  @Test
  void namesMustStartWithALetterOrDigit() {
    assertThatThrownBy(() -> ContainerFactory.validateName("-web")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> ContainerFactory.validateName("_web")).isInstanceOf(ApiException.class);
  }

  @Test
  void newIdsAre64HexDigits() {
    assertThat(ContainerFactory.newId()).matches("[0-9a-f]{64}").isNotEqualTo(ContainerFactory.newId());
  }

  @Test
  void processEnvPutsHostnameFirstAndDefaultsPath() {
    Container c = build("{\"Image\":\"x\",\"Env\":[\"A=1\"]}", image("{\"Cmd\":[\"sh\"]}"));

    assertThat(ContainerFactory.processEnv(c))
        .containsExactly("HOSTNAME=0123456789ab", "A=1", "PATH=" + ContainerFactory.DEFAULT_PATH);
  }

  @Test
  void processEnvKeepsTheImagePath() {
    assertThat(ContainerFactory.processEnv(build("{\"Image\":\"busybox\"}", BUSYBOX)))
        .contains("PATH=/usr/sbin:/usr/bin")
        .doesNotContain("PATH=" + ContainerFactory.DEFAULT_PATH);
  }

  @Test
  void processEnvSetsTermForATty() {
    assertThat(ContainerFactory.processEnv(build("{\"Image\":\"busybox\",\"Tty\":true}", BUSYBOX)))
        .contains("TERM=xterm");
    assertThat(ContainerFactory.processEnv(build("{\"Image\":\"busybox\"}", BUSYBOX)))
        .noneMatch(e -> e.startsWith("TERM="));
  }

  @Test
  void processEnvDropsVariablesWithoutAValue() {
    Container c = build("{\"Image\":\"busybox\",\"Env\":[\"LANG\"]}", BUSYBOX);

    assertThat(ContainerFactory.processEnv(c)).noneMatch(e -> e.startsWith("LANG"));
  }
}
