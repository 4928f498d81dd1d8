package dev.berth.cli.command.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.Main;
import dev.berth.cli.testing.FakeDaemon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCommandsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int berth(FakeDaemon d, byte[] stdin, String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(stdin), Map.of("BERTH_HOST", d.uri()));
  }

  @Test
  void imagesTableAndQuiet() throws Exception {
    long created = System.currentTimeMillis() / 1000 - 3 * 86400;
    String list = "[{\"Id\":\"sha256:aaaaaaaaaaaabbbbbbbb\",\"RepoTags\":[\"busybox:latest\",\"my/box:1\"],\"Created\":" + created
        + ",\"Size\":4261000},{\"Id\":\"sha256:cccccccccccc0000\",\"RepoTags\":[],\"Created\":" + created + ",\"Size\":100}]";
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(200, list))) {
      assertThat(berth(d, new byte[0], "images")).isZero();
      assertThat(out.toString()).isEqualTo("""
          REPOSITORY   TAG       IMAGE ID       CREATED      SIZE
          busybox      latest    aaaaaaaaaaaa   3 days ago   4.26MB
          my/box       1         aaaaaaaaaaaa   3 days ago   4.26MB
          <none>       <none>    cccccccccccc   3 days ago   100B
          """);
      out.reset();
      assertThat(berth(d, new byte[0], "image", "ls", "-q", "busybox")).isZero();
      assertThat(out.toString()).isEqualTo("aaaaaaaaaaaa\naaaaaaaaaaaa\ncccccccccccc\n");
      assertThat(d.requests.get(1).target()).isEqualTo("/v1.51/images/json?filters=%7B%22reference%22%3A%5B%22busybox%22%5D%7D");
    }
  }

  @Test
  void loadStreamsTheTarAndPrintsMessages() throws Exception {
    Path tar = dir.resolve("img.tar");
    Files.write(tar, new byte[10_000]);
    String body = "{\"stream\":\"Loaded image: busybox:latest\\n\"}\r\n";
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n")) {
      assertThat(berth(d, new byte[0], "load", "-i", tar.toString())).isZero();
      assertThat(out.toString()).isEqualTo("Loaded image: busybox:latest\n");
      assertThat(d.requests.get(0).body()).hasSize(10_000);
      assertThat(d.requests.get(0).target()).isEqualTo("/v1.51/images/load");
    }
  }

  @Test
  void importSendsRepoTagChangesAndMessage() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(200, "{\"status\":\"sha256:abc\"}"))) {
      assertThat(berth(d, "tarbytes".getBytes(), "import", "-c", "CMD [\"sh\"]", "-m", "hi", "-", "my/img:2")).isZero();
      assertThat(out.toString()).isEqualTo("sha256:abc\n");
      assertThat(d.requests.get(0).target())
          .isEqualTo("/v1.51/images/create?fromSrc=-&repo=my%2Fimg&tag=2&message=hi&changes=CMD+%5B%22sh%22%5D");
      assertThat(d.requests.get(0).bodyText()).isEqualTo("tarbytes");
    }
  }

  @Test
  void rmiPrintsUntaggedAndDeleted() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(200,
        "[{\"Untagged\":\"busybox:latest\"},{\"Deleted\":\"sha256:abc\"}]"))) {
      assertThat(berth(d, new byte[0], "rmi", "-f", "busybox")).isZero();
      assertThat(out.toString()).isEqualTo("Untagged: busybox:latest\nDeleted: sha256:abc\n");
      assertThat(d.requests.get(0).method()).isEqualTo("DELETE");
      assertThat(d.requests.get(0).target()).isEqualTo("/v1.51/images/busybox?force=1");
    }
  }

  @Test
  void streamErrorsFailTheCommand() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, r -> FakeDaemon.json(200,
        "{\"errorDetail\":{\"message\":\"bad tar\"},\"error\":\"bad tar\"}"))) {
      assertThat(berth(d, "x".getBytes(), "import", "-")).isEqualTo(1);
      assertThat(err.toString()).isEqualTo("Error response from daemon: bad tar\n");
    }
  }
}
