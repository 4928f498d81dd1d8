package dev.berth.e2e;

import static dev.berth.e2e.TestArchives.gzip;
import static dev.berth.e2e.TestArchives.sha;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pull, push, login and logout with both CLIs against Debian's reference registry, started on
 * 127.0.0.1 with a config of the test's own (one open, one with htpasswd auth), and against a tiny
 * registry of the test's own that serves a layer whose bytes do not match its digest.
 */
class RegistryTest extends SharedDaemonTest {
  private static LocalRegistry open;
  private static LocalRegistry locked;

  @BeforeAll
  static void startRegistries() throws Exception {
    open = LocalRegistry.start(null, null);
    locked = LocalRegistry.start("tester", "s3cret-pw");
  }

  @AfterAll
  static void stopRegistries() throws Exception {
    if (open != null) {
      open.close();
    }
    if (locked != null) {
      locked.close();
    }
  }

  private static Command.Result berthWithInput(String stdin, String... args) {
    return Command.run(daemon.env(), stdin.getBytes(StandardCharsets.UTF_8), Command.args(BerthDaemon.BERTH, args));
  }

  @Test
  void pushRemovePullByTagAndByDigestThenRun() {
    String image = open.host() + "/team/bb:1";
    // An image of its own: busybox's layer and one more, so that the pull has a layer to download.
    ok(daemon.docker("run", "--name", "maker", "busybox", "sh", "-c", "echo made-here > /marker"));
    ok(daemon.docker("commit", "maker", image));
    ok(daemon.docker("rm", "maker"));
    String push = ok(daemon.docker("push", image));
    assertThat(push).contains("The push refers to repository [" + open.host() + "/team/bb]").contains("Pushed")
        .containsPattern("1: digest: sha256:[0-9a-f]{64} size: \\d+");
    String digest = ok(daemon.docker("image", "inspect", "-f", "{{index .RepoDigests 0}}", image));
    assertThat(digest).startsWith(open.host() + "/team/bb@sha256:");

    // A second push sends nothing new; a push to another repository mounts the layer.
    assertThat(ok(daemon.berth("push", image))).contains("Layer already exists");
    ok(daemon.docker("tag", image, open.host() + "/other/bb:2"));
    assertThat(ok(daemon.berth("push", open.host() + "/other/bb:2"))).contains("Mounted from team/bb");

    ok(daemon.berth("rmi", image, open.host() + "/other/bb:2"));
    String pulled = ok(daemon.berth("pull", image));
    assertThat(pulled).contains("Pull complete").contains("Status: Downloaded newer image for " + image);
    assertThat(ok(daemon.docker("images", "--digests", "--format", "{{.Repository}}:{{.Tag}} {{.Digest}}")))
        .contains(open.host() + "/team/bb:1 " + digest.substring(digest.indexOf('@') + 1));
    assertThat(ok(daemon.berth("run", "--rm", image, "cat", "/marker"))).isEqualTo("made-here");

    ok(daemon.docker("rmi", image));
    String byDigest = ok(daemon.docker("pull", digest));
    assertThat(byDigest).contains("Digest: " + digest.substring(digest.indexOf('@') + 1));
    assertThat(ok(daemon.docker("run", "--rm", digest, "echo", "by-digest"))).isEqualTo("by-digest");
    assertThat(ok(daemon.docker("pull", digest))).contains("Image is up to date");
    ok(daemon.docker("rmi", digest));
  }

  @Test
  void dockerRunOfAMissingImagePullsIt() {
    String image = open.host() + "/runme:1";
    ok(daemon.docker("tag", "busybox", image));
    ok(daemon.docker("push", image));
    ok(daemon.docker("rmi", image));
    Command.Result r = daemon.docker("run", "--rm", image, "echo", "auto-pulled");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout().strip()).isEqualTo("auto-pulled");
    assertThat(r.stderr()).contains("Unable to find image '" + image + "' locally")
        .contains("Status: Downloaded newer image for " + image);
    ok(daemon.docker("rmi", image));
  }

  @Test
  void unknownTagOrRepositoryIsNotFound() {
    Command.Result tag = daemon.docker("pull", open.host() + "/team/bb:no-such-tag");
    assertThat(tag.exitCode()).isNotZero();
    assertThat(tag.stderr()).contains("manifest for " + open.host() + "/team/bb:no-such-tag not found");
    Command.Result repo = daemon.berth("pull", open.host() + "/no/such/repo");
    assertThat(repo.exitCode()).isNotZero();
    assertThat(repo.stderr()).contains("not found");
    Command.Result push = daemon.docker("push", open.host() + "/never-tagged:1");
    assertThat(push.exitCode()).isNotZero();
    assertThat(push.stderr()).contains("An image does not exist locally with the tag");
  }

  @Test
  void loginPushLogoutThenRefused() throws Exception {
    String image = locked.host() + "/private/bb:1";
    ok(daemon.docker("tag", "busybox", image));
    Path config = Path.of(daemon.env().get("DOCKER_CONFIG")).resolve("config.json");

    Command.Result anonymous = daemon.docker("push", image);
    assertThat(anonymous.exitCode()).isNotZero();
    assertThat(anonymous.stdout() + anonymous.stderr()).containsIgnoringCase("unauthorized");

    Command.Result wrong = berthWithInput("not-the-password\n", "login", "-u", "tester", "--password-stdin", locked.host());
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.stderr()).containsIgnoringCase("unauthorized");
    assertThat(Files.exists(config) ? Files.readString(config) : "").doesNotContain(locked.host());

    Command.Result login = daemon.dockerWithInput("s3cret-pw\n".getBytes(StandardCharsets.UTF_8), "login", "-u",
        "tester", "--password-stdin", locked.host());
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.stdout()).contains("Login Succeeded");
    assertThat(Files.readString(config)).contains(locked.host());

    assertThat(ok(daemon.berth("push", image))).containsPattern("Pushed|Layer already exists");
    ok(daemon.docker("rmi", image));
    assertThat(ok(daemon.berth("pull", image))).contains("Status: Downloaded newer image for " + image);
    ok(daemon.docker("rmi", image));

    assertThat(ok(daemon.berth("logout", locked.host()))).contains("Removing login credentials for " + locked.host());
    assertThat(Files.readString(config)).doesNotContain(locked.host());
    Command.Result refused = daemon.docker("pull", image);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).containsIgnoringCase("unauthorized");

    Command.Result relogin = berthWithInput("s3cret-pw", "login", "-u", "tester", "--password-stdin", locked.host());
    assertThat(relogin.exitCode()).as(relogin.toString()).isZero();
    assertThat(ok(daemon.docker("pull", image))).contains("Status: Downloaded newer image for " + image);
    ok(daemon.docker("rmi", image));
    ok(daemon.docker("logout", locked.host()));
  }

  @Test
  void aLayerWhoseBytesDoNotMatchItsDigestIsRejectedAndNothingIsStored() throws Exception {
    byte[] tar = layerTar();
    byte[] gz = gzip(tar);
    String diffId = sha(tar);
    String claimed = sha("some other layer".getBytes(StandardCharsets.UTF_8));
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[\"" + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length
        + ",\"digest\":\"" + sha(config) + "\"},\"layers\":[{\"mediaType\":"
        + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + gz.length + ",\"digest\":\"" + claimed
        + "\"}]}").getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> content = Map.of("/v2/bad/manifests/1", manifest, "/v2/bad/blobs/" + sha(config), config,
        "/v2/bad/blobs/" + claimed, gz);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", LocalRegistry.freePort()), 0);
    server.createContext("/", ex -> {
      byte[] body = ex.getRequestURI().getPath().equals("/v2/") ? "{}".getBytes() : content.get(ex.getRequestURI().getPath());
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
      } else {
        if (ex.getRequestURI().getPath().contains("/manifests/")) {
          ex.getResponseHeaders().add("Content-Type", "application/vnd.docker.distribution.manifest.v2+json");
        }
        ex.sendResponseHeaders(200, ex.getRequestMethod().equals("HEAD") ? -1 : body.length);
        if (!ex.getRequestMethod().equals("HEAD")) {
          ex.getResponseBody().write(body);
        }
      }
      ex.close();
    });
    server.start();
    try {
      String before = ok(daemon.docker("images", "-a", "-q", "--no-trunc"));
      Command.Result r = daemon.docker("pull", "127.0.0.1:" + server.getAddress().getPort() + "/bad:1");
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.stdout() + r.stderr()).contains("verification failed for digest " + claimed);
      assertThat(ok(daemon.docker("images", "-a", "-q", "--no-trunc"))).isEqualTo(before);
      try (Stream<Path> tmp = Files.list(daemon.dataRoot().resolve("tmp"))) {
        assertThat(tmp.filter(p -> p.getFileName().toString().startsWith("blob-"))).isEmpty();
      }
      assertThat(Files.exists(daemon.dataRoot().resolve("blobs/sha256").resolve(diffId.substring(7)))).isFalse();
    } finally {
      server.stop(0);
    }
  }

  private static byte[] layerTar() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      byte[] payload = "tampered".getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry("evidence.txt");
      e.setSize(payload.length);
      t.putArchiveEntry(e);
      t.write(payload);
      t.closeArchiveEntry();
    }
    return out.toByteArray();
  }

}
