package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker commit} with {@code --pause} and {@code --change}, answering the new image's ID,
 * whose Parent is the container's image; and {@code GET /distribution/{name}/json}, which tells
 * what a registry holds without pulling it.
 */
class CommitTest extends SharedDaemonTest {
  private static LocalRegistry registry;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = LocalRegistry.start(null, null);
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  @AfterEach
  void cleanUp() {
    daemon.berth("rm", "-f", "committed", "quick");
    for (String image : List.of("snap:1", "snap:2", registry.host() + "/dist/bb:1")) {
      daemon.berth("rmi", "-f", image);
    }
  }

  @Test
  void commitPausesAppliesChangesAndAnswersTheNewImagesId() throws Exception {
    ok(daemon.docker("run", "-d", "--name", "committed", "busybox", "sh", "-c", "echo made > /made; sleep 300"));
    ok(daemon.docker("exec", "committed", "sh", "-c", "while [ ! -f /made ]; do sleep 0.1; done"));
    String id = ok(daemon.docker("commit", "--pause=true", "--change", "EXPOSE 8000", "--change", "CMD [\"cat\", \"/made\"]",
        "committed", "snap:1"));
    assertThat(id).matches("sha256:[0-9a-f]{64}");
    assertThat(ok(daemon.docker("image", "inspect", "-f", "{{.Id}}", "snap:1"))).isEqualTo(id);
    assertThat(ok(daemon.docker("image", "inspect", "-f", "{{json .Config.ExposedPorts}} {{json .Config.Cmd}}",
        "snap:1"))).isEqualTo("{\"8000/tcp\":{}} [\"cat\",\"/made\"]");
    String busybox = ok(daemon.docker("image", "inspect", "-f", "{{.Id}}", "busybox"));
    JsonNode inspect = Json.tree(daemon.request("GET", "/v1.45/images/snap:1/json").split("\r\n\r\n", 2)[1]
        .getBytes(StandardCharsets.UTF_8));
    assertThat(inspect.path("Parent").asText()).isEqualTo(busybox);
    // the pause was lifted again
    assertThat(ok(daemon.docker("inspect", "-f", "{{.State.Status}}", "committed"))).isEqualTo("running");
    assertThat(ok(daemon.docker("run", "--rm", "snap:1"))).isEqualTo("made");
  }

  @Test
  void aContainerThatEndsAroundTheCommitIsCommittedAnyway() {
    // docker-py commits a container that runs `touch`: whether it is still running or not, the commit works
    ok(daemon.docker("run", "-d", "--name", "quick", "busybox", "touch", "/test"));
    String id = ok(daemon.docker("commit", "quick", "snap:2"));
    assertThat(id).matches("sha256:[0-9a-f]{64}");
    ok(daemon.docker("wait", "quick"));
    assertThat(ok(daemon.docker("run", "--rm", "snap:2", "ls", "/test"))).isEqualTo("/test");
  }

  @Test
  void distributionInspectTellsTheDigestAndPlatformsWithoutPulling() throws Exception {
    String ref = registry.host() + "/dist/bb:1";
    ok(daemon.docker("tag", "busybox", ref));
    String push = ok(daemon.docker("push", ref));
    String digest = push.replaceAll("(?s).*digest: (sha256:[0-9a-f]{64}).*", "$1");
    RawResponse r = RawResponse.send(daemon.socket(), "GET", "/v1.45/distribution/" + ref + "/json", null, null);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode n = Json.tree(r.body());
    assertThat(n.path("Descriptor").path("digest").asText()).isEqualTo(digest);
    assertThat(n.path("Descriptor").path("mediaType").asText()).contains("manifest");
    assertThat(n.path("Platforms").toString()).contains("\"architecture\":\"amd64\"").contains("\"os\":\"linux\"");
    RawResponse missing = RawResponse.send(daemon.socket(), "GET", "/v1.45/distribution/" + registry.host()
        + "/dist/nothere:1/json", null, null);
    assertThat(missing.status()).isEqualTo(404);
  }
}
