package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile layers, build contexts and cp archives, made by the test with a tar writer, against a
 * real berthd through the docker CLI, the berth CLI and raw API requests. A host directory with
 * sentinel files stands for the host: after every attack its files have the same bytes, modes and
 * owners, and nothing new appeared in it; refusals say why in one line and leave no image behind.
 */
class HostileInputTest extends SharedDaemonTest {
  private static final Map<String, String> CLASSIC = Map.of("DOCKER_BUILDKIT", "0");

  @TempDir
  Path tmp;
  Path host;
  Path sentinel;
  String before;
  final List<String> containers = new ArrayList<>();

  @BeforeEach
  void makeHost() throws Exception {
    host = Files.createDirectory(tmp.resolve("host"));
    sentinel = Files.writeString(host.resolve("sentinel"), "host bytes\n");
    Files.setPosixFilePermissions(sentinel, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(host, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    before = fingerprint(host);
  }

  @AfterEach
  void removeContainers() {
    for (String c : containers) {
      daemon.docker("rm", "-f", c);
    }
  }

  static String fingerprint(Path dir) throws Exception {
    StringBuilder b = new StringBuilder();
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted().toList()) {
        b.append(dir.relativize(p)).append(' ')
            .append(Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)))
            .append(' ').append(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS))
            .append(' ').append(Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS));
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          b.append(' ').append(hex(Files.readAllBytes(p)));
        }
        b.append('\n');
      }
    }
    return b.toString();
  }

  private void assertHostUntouched() throws Exception {
    assertThat(fingerprint(host)).isEqualTo(before);
  }

  static String hex(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  // ---- a small tar writer for hostile archives

  static final class Tar {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream out = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());

    Tar dir(String name, int mode) throws IOException {
      TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarArchiveEntry.LF_DIR);
      e.setMode(040000 | mode);
      return put(e, null);
    }

    Tar file(String name, String content) throws IOException {
      return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    Tar file(String name, byte[] content, int mode) throws IOException {
      TarArchiveEntry e = new TarArchiveEntry(name, true);
      e.setMode(0100000 | mode);
      e.setSize(content.length);
      return put(e, content);
    }

    Tar symlink(String name, String target) throws IOException {
      TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
      e.setLinkName(target);
      return put(e, null);
    }

    Tar hardlink(String name, String target) throws IOException {
      TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
      e.setLinkName(target);
      return put(e, null);
    }

    private Tar put(TarArchiveEntry e, byte[] content) throws IOException {
      out.putArchiveEntry(e);
      if (content != null) {
        out.write(content);
      }
      out.closeArchiveEntry();
      return this;
    }

    byte[] bytes() throws IOException {
      out.finish();
      out.close();
      return bytes.toByteArray();
    }
  }

  /** A {@code docker save} archive of one image whose only layer is {@code layer}. */
  static byte[] imageArchive(String tag, byte[] layer) throws Exception {
    String diffId = "sha256:" + hex(layer);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/sh\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
    String configName = hex(config) + ".json";
    String layerName = hex(layer) + "/layer.tar";
    byte[] manifest = ("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"" + tag + "\"],\"Layers\":[\""
        + layerName + "\"]}]").getBytes(StandardCharsets.UTF_8);
    return new Tar().file(configName, config, 0644).file(layerName, layer, 0644).file("manifest.json", manifest, 0644)
        .bytes();
  }

  private Path write(String name, byte[] data) throws IOException {
    return Files.write(tmp.resolve(name), data);
  }

  /** A raw API request with curl; returns the status code, a space, and the body. */
  private static String api(String method, String path, Path body, String contentType) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-w", "\n%{http_code}", "-X", method, "--unix-socket",
        daemon.socket().toString()));
    if (body != null) {
      cmd.addAll(List.of("-H", "Content-Type: " + contentType, "--data-binary", "@" + body));
    }
    cmd.add("http://localhost" + path);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    int nl = out.lastIndexOf('\n');
    return out.substring(nl + 1) + " " + out.substring(0, Math.max(nl, 0));
  }

  private static List<String> layerDirs() throws IOException {
    try (var s = Files.list(daemon.dataRoot().resolve("overlay"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  // ---- layers: docker load, berth load, the raw API, and pull from a registry

  @Test
  void aLayerThatSwapsASetuidDirectoryForALinkLoadsAndPullsWithoutTouchingTheHost() throws Exception {
    byte[] layer = new Tar().dir("x", 04777).symlink("x", sentinel.toString()).dir("y", 04777)
        .file("y/inner", "i").symlink("y", host.toString()).file("ok", "fine").bytes();
    Path archive = write("swap.tar", imageArchive("hostile/swap:1", layer));
    assertThat(ok(daemon.docker("load", "-i", archive.toString()))).contains("Loaded image: hostile/swap:1");
    assertHostUntouched();
    String probe = ok(daemon.docker("create", "hostile/swap:1", "x"));
    ok(daemon.docker("cp", probe + ":/ok", tmp.resolve("ok").toString()));
    assertThat(tmp.resolve("ok")).hasContent("fine");
    ok(daemon.docker("rm", probe));
    try (LocalRegistry registry = LocalRegistry.start(null, null)) {
      String remote = registry.host() + "/hostile/swap:1";
      ok(daemon.docker("tag", "hostile/swap:1", remote));
      ok(daemon.docker("push", remote));
      ok(daemon.docker("rmi", remote, "hostile/swap:1"));
      ok(daemon.berth("pull", remote));
      assertHostUntouched();
      ok(daemon.docker("rmi", remote));
    }
    assertHostUntouched();
  }

  @Test
  void aLayerThatWritesThroughALinkIsRefusedOnLoad() throws Exception {
    List<String> layersBefore = layerDirs();
    byte[] through = new Tar().symlink("a", host.toString()).file("a/pwn", "pwned").bytes();
    Path archive = write("through.tar", imageArchive("hostile/through:1", through));
    Command.Result r = daemon.docker("load", "-i", archive.toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("layer entry a/pwn: refusing to follow a symlink out of the layer");
    Command.Result b = daemon.berth("load", "-i", archive.toString());
    assertThat(b.exitCode()).isNotZero();
    assertThat(b.stderr()).contains("refusing to follow a symlink out of the layer");
    String raw = api("POST", "/images/load", archive, "application/x-tar");
    assertThat(raw).contains("refusing to follow a symlink out of the layer");
    assertThat(host.resolve("pwn")).doesNotExist();
    assertThat(daemon.docker("image", "inspect", "hostile/through:1").exitCode()).isNotZero();
    assertThat(layerDirs()).isEqualTo(layersBefore);
    assertHostUntouched();
  }

  @Test
  void hardLinksToHostPathsInALayerAreRefused() throws Exception {
    for (String target : new String[] {sentinel.toString(), "../../../../../.." + sentinel, "etc/passwd"}) {
      byte[] layer = new Tar().hardlink("l", target).bytes();
      Path archive = write("hard.tar", imageArchive("hostile/hard:1", layer));
      Command.Result r = daemon.docker("load", "-i", archive.toString());
      assertThat(r.exitCode()).as(target).isNotZero();
      assertThat(r.stderr()).contains("l");
    }
    assertThat(daemon.docker("image", "inspect", "hostile/hard:1").exitCode()).isNotZero();
    assertHostUntouched();
  }

  @Test
  void aPulledLayerThatWritesThroughALinkIsRefusedAndLeavesNoImage() throws Exception {
    byte[] layer = TestArchives.gzip(new Tar().symlink("a", host.toString()).file("a/pwn", "pwned").bytes());
    byte[] diff = new Tar().symlink("a", host.toString()).file("a/pwn", "pwned").bytes();
    try (LocalRegistry registry = LocalRegistry.start(null, null)) {
      uploadImage(registry, "hostile/pull", "1", layer, diff);
      for (boolean useDocker : new boolean[] {true, false}) {
        Command.Result r = useDocker ? daemon.docker("pull", registry.host() + "/hostile/pull:1")
            : daemon.berth("pull", registry.host() + "/hostile/pull:1");
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        assertThat(r.stdout() + r.stderr()).contains("refusing to follow a symlink out of the layer");
      }
      assertThat(daemon.docker("image", "inspect", registry.host() + "/hostile/pull:1").exitCode()).isNotZero();
    }
    assertThat(host.resolve("pwn")).doesNotExist();
    assertHostUntouched();
  }

  /** Pushes a one-layer image with the registry's HTTP API, bypassing any engine's checks. */
  private static void uploadImage(LocalRegistry registry, String repo, String tag, byte[] layerGz, byte[] diff)
      throws Exception {
    String diffId = "sha256:" + hex(diff);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
    HttpClient http = HttpClient.newHttpClient();
    for (byte[] blob : new byte[][] {layerGz, config}) {
      HttpResponse<String> start = http.send(HttpRequest.newBuilder(
          URI.create("http://" + registry.host() + "/v2/" + repo + "/blobs/uploads/"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(start.statusCode()).as(start.body()).isEqualTo(202);
      String location = start.headers().firstValue("Location").orElseThrow();
      URI put = URI.create("http://" + registry.host()).resolve(location);
      String sep = put.toString().contains("?") ? "&" : "?";
      HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(put + sep + "digest=sha256:" + hex(blob)))
          .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
    }
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length
        + ",\"digest\":\"sha256:" + hex(config) + "\"},\"layers\":[{\"mediaType\":"
        + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + layerGz.length + ",\"digest\":\"sha256:"
        + hex(layerGz) + "\"}]}";
    HttpResponse<String> m = http.send(HttpRequest.newBuilder(
        URI.create("http://" + registry.host() + "/v2/" + repo + "/manifests/" + tag))
        .header("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")
        .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(m.statusCode()).as(m.body()).isEqualTo(201);
  }

  @Test
  void anImportThatWritesThroughALinkIsRefused() throws Exception {
    Path rootfs = write("rootfs.tar", new Tar().symlink("a", host.toString()).file("a/pwn", "pwned").bytes());
    for (boolean useDocker : new boolean[] {true, false}) {
      Command.Result r = useDocker ? daemon.docker("import", rootfs.toString(), "hostile/import:1")
          : daemon.berth("import", rootfs.toString(), "hostile/import:1");
      assertThat(r.exitCode()).as(r.toString()).isNotZero();
      assertThat(r.stderr()).contains("layer entry a/pwn: refusing to follow a symlink out of the layer");
    }
    String raw = api("POST", "/images/create?fromSrc=-&repo=hostile/import&tag=1", rootfs, "application/x-tar");
    assertThat(raw).contains("refusing to follow a symlink out of the layer");
    assertThat(daemon.docker("image", "inspect", "hostile/import:1").exitCode()).isNotZero();
    assertThat(host.resolve("pwn")).doesNotExist();
    assertHostUntouched();
  }

  // ---- build contexts: docker build (classic builder), berth build, the raw API

  @Test
  void aBuildContextThatWritesThroughALinkIsRefused() throws Exception {
    byte[] context = new Tar().file("Dockerfile", "FROM busybox\nCOPY . /ctx/\n").symlink("a", host.toString())
        .file("a/pwn", "pwned").bytes();
    // the CLI reads the context from stdin
    Command.Result docker = Command.run(withClassic(), context, Command.args(Path.of("docker"), "build", "-t", "hostile/ctx:1", "-"));
    assertThat(docker.exitCode()).as(docker.toString()).isNotZero();
    assertThat(docker.stdout() + docker.stderr()).contains("build context entry a/pwn: refusing to follow a symlink");
    Command.Result berth = Command.run(daemon.env(), context,
        Command.args(BerthDaemon.BERTH, "build", "-t", "hostile/ctx:1", "-"));
    assertThat(berth.exitCode()).as(berth.toString()).isNotZero();
    assertThat(berth.stdout() + berth.stderr()).contains("refusing to follow a symlink");
    String raw = api("POST", "/build?t=hostile/ctx:1", write("ctx.tar", context), "application/x-tar");
    assertThat(raw).contains("refusing to follow a symlink");
    assertThat(host.resolve("pwn")).doesNotExist();
    assertThat(daemon.docker("image", "inspect", "hostile/ctx:1").exitCode()).isNotZero();
    assertHostUntouched();
  }

  @Test
  void hardLinksInABuildContextCannotReachHostFiles() throws Exception {
    byte[] viaLink = new Tar().file("Dockerfile", "FROM busybox\nCOPY . /ctx/\n").symlink("a", host.toString())
        .hardlink("l", "a/sentinel").bytes();
    Command.Result r = Command.run(withClassic(), viaLink, Command.args(Path.of("docker"), "build", "-"));
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.stdout() + r.stderr()).contains("build context entry l: hard link to \"a/sentinel\", which is not a file");
    byte[] upward = new Tar().file("Dockerfile", "FROM busybox\nCOPY . /ctx/\n").hardlink("l", "../../.." + sentinel)
        .bytes();
    Command.Result u = Command.run(daemon.env(), upward, Command.args(BerthDaemon.BERTH, "build", "-"));
    assertThat(u.exitCode()).as(u.toString()).isNotZero();
    assertThat(u.stdout() + u.stderr()).contains("outside the context");
    assertHostUntouched();
  }

  @Test
  void aLinkInTheContextIsCopiedAsALink() throws Exception {
    byte[] context = new Tar().file("Dockerfile", "FROM busybox\nCOPY . /ctx/\n").symlink("a", host.toString())
        .file("b", "b").bytes();
    Command.Result r = Command.run(withClassic(), context,
        Command.args(Path.of("docker"), "build", "-t", "hostile/link:1", "-"));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(ok(daemon.docker("run", "--rm", "hostile/link:1", "readlink", "/ctx/a"))).isEqualTo(host.toString());
    ok(daemon.docker("rmi", "hostile/link:1"));
    assertHostUntouched();
  }

  @Test
  void anAddedArchiveStaysInsideTheImage() throws Exception {
    byte[] evil = new Tar().dir("x", 04777).symlink("x", sentinel.toString()).symlink("a", host.toString())
        .file("a/pwn", "pwned").hardlink("h", "../../../../../.." + sentinel).bytes();
    byte[] context = new Tar().file("Dockerfile", "FROM busybox\nADD evil.tar /t/\n").file("evil.tar", evil, 0644)
        .bytes();
    Command.Result r = Command.run(withClassic(), context,
        Command.args(Path.of("docker"), "build", "-t", "hostile/add:1", "-"));
    // the hard link names a file the container does not have: refused, and nothing leaves the image
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.stdout() + r.stderr()).contains("which is not in the container");
    byte[] noHard = new Tar().dir("x", 04777).symlink("x", sentinel.toString()).symlink("a", host.toString())
        .file("a/pwn", "pwned").bytes();
    byte[] context2 = new Tar().file("Dockerfile", "FROM busybox\nADD evil.tar /t/\n").file("evil.tar", noHard, 0644)
        .bytes();
    Command.Result b = Command.run(daemon.env(), context2,
        Command.args(BerthDaemon.BERTH, "build", "-t", "hostile/add:1", "-"));
    assertThat(b.exitCode()).as(b.toString()).isZero();
    assertThat(ok(daemon.docker("run", "--rm", "hostile/add:1", "cat", host + "/pwn"))).isEqualTo("pwned");
    ok(daemon.docker("rmi", "hostile/add:1"));
    assertThat(host.resolve("pwn")).doesNotExist();
    assertHostUntouched();
  }

  @Test
  void aVolumeIsFilledFromTheImageWithoutFollowingItsLinks() throws Exception {
    byte[] context = new Tar().file("Dockerfile", "FROM busybox\nRUN mkdir /data && ln -s " + host
        + " /data/l && echo in > /data/f\nVOLUME /data\n").bytes();
    Command.Result b = Command.run(withClassic(), context,
        Command.args(Path.of("docker"), "build", "-t", "hostile/vol:1", "-"));
    assertThat(b.exitCode()).as(b.toString()).isZero();
    String out = ok(daemon.docker("run", "--rm", "-v", "hostilevol:/data", "hostile/vol:1", "sh", "-c",
        "readlink /data/l; cat /data/f"));
    assertThat(out).isEqualTo(host + "\nin");
    ok(daemon.docker("volume", "rm", "hostilevol"));
    ok(daemon.docker("rmi", "hostile/vol:1"));
    assertHostUntouched();
  }

  private static Map<String, String> withClassic() {
    Map<String, String> env = new java.util.HashMap<>(daemon.env());
    env.putAll(CLASSIC);
    return env;
  }

  // ---- docker cp into containers

  @Test
  void cpIntoAStoppedContainerStaysInsideIt() throws Exception {
    String c = ok(daemon.docker("create", "busybox", "true"));
    containers.add(c);
    byte[] tar = new Tar().symlink("a", host.toString()).file("a/pwn", "pwned")
        .file("../../../../../.." + host + "/up", "up").bytes();
    Command.Result r = daemon.dockerWithInput(tar, "cp", "-", c + ":/tmp");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertHostUntouched();
    // where the container would have put them: its own /<host>/pwn
    assertThat(ok(daemon.docker("cp", c + ":" + host + "/pwn", tmp.resolve("back").toString()))).isEmpty();
    assertThat(tmp.resolve("back")).hasContent("pwned");
    // the same through the raw API, into a created container
    // the raw API does not ask for noOverwriteDirNonDir: a setuid directory swapped for a link to a host file
    byte[] swap = new Tar().dir("x", 04777).symlink("x", sentinel.toString()).symlink("b", host.toString())
        .file("b/pwn2", "pwned").bytes();
    String raw = api("PUT", "/containers/" + c + "/archive?path=/tmp", write("cp.tar", swap), "application/x-tar");
    assertThat(raw).startsWith("200");
    assertHostUntouched();
    byte[] hard = new Tar().hardlink("l", "../../../../../../.." + sentinel).bytes();
    Command.Result h = daemon.dockerWithInput(hard, "cp", "-", c + ":/tmp");
    assertThat(h.exitCode()).isNotZero();
    assertThat(h.stderr()).contains("which is not in the container");
    String rawHard = api("PUT", "/containers/" + c + "/archive?path=/tmp", write("hard.tar", hard), "application/x-tar");
    assertThat(rawHard).startsWith("400").contains("which is not in the container");
    assertHostUntouched();
  }

  @Test
  void cpUnderAReadOnlyBindIsRefused() throws Exception {
    String c = ok(daemon.docker("create", "-v", host + ":/data:ro", "busybox", "true"));
    containers.add(c);
    Path file = Files.writeString(tmp.resolve("new"), "new\n");
    for (boolean useDocker : new boolean[] {true, false}) {
      Command.Result r = useDocker ? daemon.docker("cp", file.toString(), c + ":/data/")
          : daemon.berth("cp", file.toString(), c + ":/data/sentinel");
      assertThat(r.exitCode()).as(r.toString()).isNotZero();
      assertThat(r.stderr()).contains("mounted volume is marked read-only");
    }
    byte[] below = new Tar().dir("data", 0755).file("data/sentinel", "overwritten").file("data/new", "new").bytes();
    Command.Result r = daemon.dockerWithInput(below, "cp", "-", c + ":/");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("read-only file system");
    byte[] viaLink = new Tar().symlink("d", "/data").file("d/sentinel", "overwritten").bytes();
    String raw = api("PUT", "/containers/" + c + "/archive?path=/tmp", write("ro.tar", viaLink), "application/x-tar");
    assertThat(raw).startsWith("403").contains("read-only file system");
    assertHostUntouched();
  }

  @Test
  void cpAndExportOfARunningContainerLeaveItRunning() throws Exception {
    String c = ok(daemon.docker("run", "-d", "busybox", "sh", "-c", "echo hi > /tmp/hi; sleep 300"));
    containers.add(c);
    Path out = tmp.resolve("hi");
    for (int i = 0; i < 20 && !Files.exists(out); i++) {
      daemon.docker("cp", c + ":/tmp/hi", out.toString());
      Thread.sleep(100);
    }
    assertThat(out).hasContent("hi\n");
    Path exported = tmp.resolve("export.tar");
    ok(daemon.docker("export", "-o", exported.toString(), c));
    assertThat(Files.size(exported)).isGreaterThan(10_000);
    assertThat(ok(daemon.docker("inspect", "-f", "{{.State.Status}}", c))).isEqualTo("running");
    assertThat(ok(daemon.docker("exec", c, "cat", "/tmp/hi"))).isEqualTo("hi");
    // a client that goes away in the middle of an export leaves the container thawed
    Process gone = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "--max-time", "0.2", "--unix-socket",
        daemon.socket().toString(), "http://localhost/containers/" + c + "/export").start();
    gone.waitFor();
    String alive = "";
    for (int i = 0; i < 20 && !alive.equals("alive"); i++) {
      Command.Result r = Command.run(daemon.env(), null, List.of("timeout", "20", "docker", "exec", c, "echo", "alive"));
      alive = r.stdout().strip();
    }
    assertThat(alive).isEqualTo("alive");
    assertThat(ok(daemon.docker("inspect", "-f", "{{.State.Status}}", c))).isEqualTo("running");
    byte[] tar = new Tar().symlink("a", host.toString()).file("a/pwn", "pwned").bytes();
    ok(daemon.dockerWithInput(tar, "cp", "-", c + ":/tmp"));
    assertThat(ok(daemon.docker("exec", c, "cat", host + "/pwn"))).isEqualTo("pwned");
    assertHostUntouched();
  }

  // ---- the data root (CVE-2021-41091)

  @Test
  void theDataRootIsClosedToOtherUsers() throws Exception {
    ok(daemon.docker("volume", "create", "perm"));
    for (Path p : new Path[] {daemon.dataRoot(), daemon.dataRoot().resolve("overlay"),
        daemon.dataRoot().resolve("containers"), daemon.dataRoot().resolve("volumes"),
        daemon.dataRoot().resolve("volumes/perm")}) {
      assertThat(Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode") & 07777)).as(p.toString())
          .isEqualTo("710");
    }
    try (var s = Files.list(daemon.dataRoot().resolve("overlay"))) {
      for (Path layer : s.filter(p -> !p.getFileName().toString().equals("l")).toList()) {
        assertThat((Integer) Files.getAttribute(layer, "unix:mode") & 07777).as(layer.toString()).isEqualTo(0710);
      }
    }
    ok(daemon.docker("volume", "rm", "perm"));
  }
}
