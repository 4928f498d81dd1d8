package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /build}'s answer on the wire, as docker-py and docker-compose 1.29 read it: every
 * chunk one JSON object with its line end (a bare newline chunk stops both), stderr of a RUN in
 * dockerd's colour codes, a failed RUN's exit code in {@code errorDetail}, and {@code cachefrom}
 * limiting the cache to the images it names.
 */
class BuildStreamTest extends SharedDaemonTest {
  private final List<String> tags = new ArrayList<>();

  @AfterEach
  void removeImages() {
    tags.forEach(t -> daemon.berth("rmi", "-f", t));
  }

  private RawResponse build(String query, String dockerfile) throws Exception {
    return RawResponse.send(daemon.socket(), "POST", "/v1.45/build?" + query, "application/x-tar",
        TestArchives.tar("Dockerfile", dockerfile));
  }

  /** Each chunk must parse, alone, as one JSON object; returns them in order. */
  private static List<JsonNode> messages(RawResponse r) {
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.chunks()).isNotEmpty();
    List<JsonNode> out = new ArrayList<>();
    for (byte[] chunk : r.chunks()) {
      String text = new String(chunk, StandardCharsets.UTF_8);
      assertThat(text).as("chunk %s", text).startsWith("{").endsWith("}\r\n");
      JsonNode n = Json.tree(chunk);
      assertThat(n.isObject()).isTrue();
      out.add(n);
    }
    return out;
  }

  @Test
  void everyChunkIsOneJsonObject() throws Exception {
    tags.add("framed:1");
    List<JsonNode> msgs = messages(build("t=framed:1", "FROM busybox\nRUN echo one; echo two\nCMD [\"true\"]\n"));
    assertThat(msgs.stream().map(m -> m.path("stream").asText()).toList())
        .contains("Step 1/3 : FROM busybox\n", "one\ntwo\n", "Successfully tagged framed:1\n");
    assertThat(msgs.getLast().path("stream").asText()).isEqualTo("Successfully tagged framed:1\n");
    assertThat(msgs.stream().filter(m -> m.has("aux")).findFirst().orElseThrow().path("aux").path("ID").asText())
        .startsWith("sha256:");
  }

  @Test
  void stderrOfARunComesInRedAndAFailureCarriesTheExitCode() throws Exception {
    List<JsonNode> msgs = messages(build("nocache=1", "FROM busybox\nRUN echo oops >&2; exit 3\n"));
    assertThat(msgs.stream().map(m -> m.path("stream").asText()).toList()).contains("\u001b[91moops\n\u001b[0m");
    JsonNode last = msgs.getLast();
    assertThat(last.path("errorDetail").path("code").asInt()).isEqualTo(3);
    assertThat(last.path("error").asText()).isEqualTo("The command '/bin/sh -c echo oops >&2; exit 3' returned a "
        + "non-zero code: 3");
    // errors that are no RUN's exit carry no code, as dockerd's
    JsonNode bad = messages(build("dockerfile=nothere", "FROM busybox\n")).getLast();
    assertThat(bad.path("errorDetail").has("code")).isFalse();
    assertThat(bad.path("error").asText()).contains("Cannot locate specified Dockerfile: nothere");
  }

  @Test
  void cacheFromLimitsTheCacheToTheImagesItNames() throws Exception {
    tags.add("cf1");
    tags.add("cf2");
    String dockerfile = "FROM busybox\nENV FOO=bar\nRUN touch /baz\n";
    messages(build("t=cf1", dockerfile));
    long hits = messages(build("t=cf2&cachefrom=%5B%22cf1%22%5D", dockerfile)).stream()
        .filter(m -> m.path("stream").asText().contains("Using cache")).count();
    assertThat(hits).isEqualTo(2);
    long none = messages(build("t=cf2&cachefrom=%5B%22nosuchtag%22%5D", dockerfile)).stream()
        .filter(m -> m.path("stream").asText().contains("Using cache")).count();
    assertThat(none).isZero();
  }

  @Test
  void extraHostsReachTheRunSteps() throws Exception {
    List<JsonNode> msgs = messages(build("nocache=1&extrahosts=hello.test:127.0.0.1&extrahosts=other.test:10.1.2.3",
        "FROM busybox\nRUN grep -E 'hello.test|other.test' /etc/hosts\n"));
    assertThat(msgs.getLast().has("error")).as(msgs.toString()).isFalse();
    assertThat(msgs.stream().map(m -> m.path("stream").asText()).toList())
        .contains("127.0.0.1\thello.test\n10.1.2.3\tother.test\n");
  }

  @Test
  void theFirstDockerfileParameterWinsAndAnIgnoredDockerfileStaysOutOfTheImage() throws Exception {
    tags.add("ign");
    // docker-py sends a Dockerfile from outside the context as dockerfile=<name>&dockerfile=<its text>
    var out = new java.io.ByteArrayOutputStream();
    try (var t = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
      for (String[] f : List.of(new String[] {".dockerfile.abc", "FROM busybox\nCOPY . /src\n"},
          new String[] {".dockerignore", ".dockerignore\n.dockerfile.*\n"}, new String[] {"file.txt", "hi"})) {
        byte[] data = f[1].getBytes(StandardCharsets.UTF_8);
        var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(f[0]);
        e.setSize(data.length);
        t.putArchiveEntry(e);
        t.write(data);
        t.closeArchiveEntry();
      }
    }
    RawResponse r = RawResponse.send(daemon.socket(), "POST",
        "/build?t=ign&dockerfile=.dockerfile.abc&dockerfile=FROM+busybox", "application/x-tar", out.toByteArray());
    assertThat(messages(r).getLast().path("stream").asText()).isEqualTo("Successfully tagged ign:latest\n");
    assertThat(ok(daemon.docker("run", "--rm", "ign", "ls", "-a", "/src"))).isEqualTo(".\n..\nfile.txt");
  }
}
