package dev.berth.daemon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiServer;
import dev.berth.daemon.server.Router;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real docker CLI against the image routes, when a docker CLI is installed. */
class DockerCliCompatTest {
  private TestImages store;
  private ApiServer server;
  private Path socket;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/local/bin/docker")) || Files.isExecutable(Path.of("/usr/bin/docker")),
        "no docker CLI");
    store = new TestImages();
    Router router = new Router();
    router.head("/_ping", ex -> ex.send(HttpResponseStatus.OK, new byte[0], "text/plain"));
    router.get("/_ping", ex -> ex.send(HttpResponseStatus.OK, "OK".getBytes(StandardCharsets.US_ASCII), "text/plain"));
    new ImageRoutes(store.images).register(router);
    server = new ApiServer(router);
    socket = store.dir.resolve("docker.sock");
    server.listen(socket);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
      store.close();
    }
  }

  private String docker(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("docker", "-H", "unix://" + socket));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return "exit " + p.exitValue() + "\n" + out;
  }

  @Test
  void loadListInspectSaveAndLoadAgain() throws Exception {
    byte[] layer = new TarBuilder().dir("bin").file("bin/hello", "hello\n").build();
    byte[] config = TestImages.config(List.of(Digests.of(layer)), "2024-05-01T10:00:00Z");
    ArrayNode manifest = Json.plain().createArrayNode();
    ObjectNode item = manifest.addObject();
    item.put("Config", "cfg.json");
    item.putArray("RepoTags").add("busybox:latest");
    item.putArray("Layers").add("a/layer.tar");
    Path archive = store.dir.resolve("in.tar");
    Files.write(archive, new TarBuilder().file("a/layer.tar", layer).file("cfg.json", config)
        .file("manifest.json", TestImages.bytes(manifest)).build());

    assertThat(docker("load", "-i", archive.toString())).isEqualTo("exit 0\nLoaded image: busybox:latest\n");
    assertThat(docker("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}"))
        .isEqualTo("exit 0\nbusybox:latest " + Digests.hex(Digests.of(config)).substring(0, 12) + " 6B\n");
    assertThat(docker("image", "inspect", "-f", "{{.Id}} {{.Os}} {{.RootFS.Type}}", "busybox"))
        .isEqualTo("exit 0\n" + Digests.of(config) + " linux layers\n");
    assertThat(docker("history", "--format", "{{.ID}} {{.Size}}", "busybox")).startsWith("exit 0\n")
        .contains("<missing> 6B");
    Path saved = store.dir.resolve("out.tar");
    assertThat(docker("save", "-o", saved.toString(), "busybox")).isEqualTo("exit 0\n");
    assertThat(docker("rmi", "busybox")).contains("Untagged: busybox:latest", "Deleted: " + Digests.of(config));
    assertThat(docker("load", "-i", saved.toString())).isEqualTo("exit 0\nLoaded image: busybox:latest\n");
    assertThat(docker("image", "inspect", "nope")).contains("No such image: nope");
    assertThat(docker("pull", "alpine")).contains("pulling images is not available in this daemon");
  }
}
