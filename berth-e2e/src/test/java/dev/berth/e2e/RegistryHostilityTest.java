package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pulls and pushes against a registry stand-in of the test's own (two ports of 127.0.0.1 acting
 * as two hosts): credentials stay with the registry that asked for them, a layer of concatenated
 * gzip members (pigz, eStargz) is read whole, and blobs that would fill the disk — one without a
 * size that never ends, one bigger than its descriptor, a decompression bomb — are refused with
 * one line and leave the store as it was. berthd runs with small limits so the test stays cheap.
 */
class RegistryHostilityTest {
  private static BerthDaemon daemon;
  private RegistryStandIn registry;

  @BeforeAll
  static void start() throws Exception {
    daemon = BerthDaemon.startWith(Map.of("BERTH_MAX_LAYER_SIZE", "8M", "BERTH_MAX_LAYER_UNPACKED", "32M"), List.of());
    daemon.importBusybox();
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  @BeforeEach
  void standIn() throws Exception {
    registry = new RegistryStandIn();
    SharedDaemonTest.ok(daemon.dockerWithInput(RegistryStandIn.PASSWORD.getBytes(StandardCharsets.UTF_8), "login",
        "-u", RegistryStandIn.USER, "--password-stdin", registry.host()));
  }

  @AfterEach
  void stopStandIn() {
    registry.close();
  }

  private static List<String> images() {
    return SharedDaemonTest.ok(daemon.docker("images", "-q", "--no-trunc")).lines().sorted().toList();
  }

  private static List<String> layerDirs() throws Exception {
    Path root = daemon.dataRoot();
    try (Stream<Path> s = Files.walk(root, 3)) {
      return s.filter(p -> p.getFileName().toString().startsWith("tmp-") || p.toString().contains("/overlay/")
          || p.toString().contains("/layers/")).map(Path::toString).sorted().toList();
    }
  }

  /** A schema 2 manifest for one layer; {@code size} null leaves the layer's size out. */
  private String image(String repo, byte[] layerBlob, String layerDigest, Long size, byte[] tar) throws Exception {
    String diffId = TestArchives.sha(tar);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
    String configDigest = TestArchives.sha(config);
    registry.putBlob(configDigest, config);
    if (layerBlob != null) {
      registry.putBlob(layerDigest, layerBlob);
    }
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length
        + ",\"digest\":\"" + configDigest + "\"},\"layers\":[{\"mediaType\":"
        + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\"" + (size == null ? "" : ",\"size\":" + size)
        + ",\"digest\":\"" + layerDigest + "\"}]}";
    registry.putManifest(repo, "1", manifest.getBytes(StandardCharsets.UTF_8));
    return registry.host() + "/" + repo + ":1";
  }

  private static byte[] gzipMembers(byte[] data, int... cuts) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int from = 0;
    int[] ends = java.util.Arrays.copyOf(cuts, cuts.length + 1);
    ends[cuts.length] = data.length;
    for (int to : ends) {
      try (GZIPOutputStream g = new GZIPOutputStream(out) {
        @Override
        public void close() throws java.io.IOException {
          finish(); // one member, and the stream stays open for the next
        }
      }) {
        g.write(data, from, to - from);
      }
      from = to;
    }
    return out.toByteArray();
  }

  @Test
  void credentialsGoOnlyToTheRegistryNeverToItsStorageHost() throws Exception {
    String ref = registry.host() + "/mine/busy:1";
    SharedDaemonTest.ok(daemon.docker("tag", "busybox", ref));
    Command.Result push = daemon.docker("push", ref);
    assertThat(push.exitCode()).as(push.toString()).isZero();
    SharedDaemonTest.ok(daemon.docker("rmi", ref));
    Command.Result pull = daemon.docker("pull", ref);
    assertThat(pull.exitCode()).as(pull.toString()).isZero();
    // the storage host served the uploads and the blobs, and never saw the password
    assertThat(registry.requestsToStorage()).anyMatch(l -> l.contains(" PATCH /uploads/"))
        .anyMatch(l -> l.contains(" GET /blobs/"));
    assertThat(registry.credentialsSeenByStorage()).isEmpty();
    assertThat(registry.log).anyMatch(l -> l.startsWith("registry ") && l.contains("-> Basic "));
    SharedDaemonTest.ok(daemon.docker("rmi", ref));
  }

  @Test
  void aLayerOfConcatenatedGzipMembersIsReadWhole() throws Exception {
    byte[] tar = Files.readAllBytes(BusyboxRootfs.tarball());
    byte[] blob = gzipMembers(tar, tar.length / 3, 2 * tar.length / 3); // as pigz and eStargz write them
    String ref = image("pigz", blob, TestArchives.sha(blob), (long) blob.length, tar);
    Command.Result pull = daemon.docker("pull", ref);
    assertThat(pull.exitCode()).as(pull.toString()).isZero();
    Command.Result run = daemon.docker("run", "--rm", ref, "sh", "-c", "echo whole; ls /bin | wc -l");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).startsWith("whole\n");
    assertThat(SharedDaemonTest.ok(daemon.docker("image", "inspect", "-f", "{{index .RootFS.Layers 0}}", ref)))
        .isEqualTo(TestArchives.sha(tar));
    SharedDaemonTest.ok(daemon.docker("rmi", ref));
  }

  @Test
  void blobsThatWouldFillTheDiskAreRefusedAndLeaveNothing() throws Exception {
    List<String> images = images();
    List<String> layers = layerDirs();
    // 1. no size in the descriptor, and a blob that goes on far past the limit
    String endless = "sha256:" + "e".repeat(64);
    registry.putEndlessBlob(endless, 64L << 20);
    String noSize = image("nosize", null, endless, null, "tar".getBytes(StandardCharsets.UTF_8));
    Command.Result r = daemon.docker("pull", noSize);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr()).contains("refusing blob " + endless + ": its descriptor gives no size and the registry"
        + " sent more than the 8 MiB limit (berthd's BERTH_MAX_LAYER_SIZE)");
    // 2. more bytes than the descriptor says
    byte[] noise = new byte[3000];
    new java.util.Random(7).nextBytes(noise);
    byte[] smallTar = TestArchives.tar("f", java.util.HexFormat.of().formatHex(noise));
    byte[] small = TestArchives.gzip(smallTar);
    assertThat(small.length).isGreaterThan(1000);
    String lying = image("lying", small, TestArchives.sha(small), 100L, smallTar);
    r = daemon.docker("pull", lying);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr()).contains("the registry sent more than the 100 bytes the manifest declares");
    // 3. a descriptor that declares more than the limit: refused before a byte is fetched
    String huge = image("huge", small, TestArchives.sha(small), 1L << 40, smallTar);
    int before = registry.requestsToStorage().size();
    String smallDigest = TestArchives.sha(small);
    r = daemon.docker("pull", huge);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr()).contains("its descriptor declares 1 TiB, over the 8 MiB limit");
    assertThat(registry.requestsToStorage().stream().skip(before))
        .noneMatch(l -> l.contains("/blobs/" + smallDigest));
    // 4. a decompression bomb: 64 MiB of one file in a gzip of about 64 KiB
    ByteArrayOutputStream bombTar = new ByteArrayOutputStream();
    try (var t = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bombTar)) {
      var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("zeros", true);
      e.setSize(64L << 20);
      t.putArchiveEntry(e);
      byte[] z = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        t.write(z);
      }
      t.closeArchiveEntry();
    }
    byte[] tar = bombTar.toByteArray();
    byte[] bomb = TestArchives.gzip(tar);
    assertThat(bomb.length).isLessThan(1 << 20);
    String bombRef = image("bomb", bomb, TestArchives.sha(bomb), (long) bomb.length, tar);
    r = daemon.docker("pull", bombRef);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr()).contains("refusing a layer that decompresses to more than 32 MiB (a decompression"
        + " bomb?); berthd's BERTH_MAX_LAYER_UNPACKED sets the limit");
    // nothing of any of them was kept
    assertThat(images()).isEqualTo(images);
    assertThat(layerDirs()).isEqualTo(layers);
  }

  @Test
  void aBombGivenToLoadStopsAtTheSameLimit() throws Exception {
    List<String> images = images();
    // an archive whose one member is 64 MiB of zeros, gzipped to about 64 KiB
    ByteArrayOutputStream zeros = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(zeros);
        var t = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(g)) {
      var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("layer.tar", true);
      e.setSize(64L << 20);
      t.putArchiveEntry(e);
      byte[] z = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        t.write(z);
      }
      t.closeArchiveEntry();
    }
    for (boolean useDocker : new boolean[] {false, true}) {
      Command.Result r = useDocker ? daemon.dockerWithInput(zeros.toByteArray(), "load")
          : Command.run(daemon.env(), zeros.toByteArray(), Command.args(BerthDaemon.BERTH, "load"));
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.stderr()).contains("refusing a layer that decompresses to more than 32 MiB (a decompression bomb?)");
    }
    assertThat(images()).isEqualTo(images);
  }
}
