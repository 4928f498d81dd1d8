package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The operations the crash suite interrupts, each with what it needs beforehand, the client
 * command that is killed mid-way (the docker CLI, as users run it), what must hold after the
 * restart given whether the client had been answered, a retry that must succeed, and its cleanup.
 */
final class CrashFaults {
  private CrashFaults() {}

  /** Files of the shared images, so that a retry can check contents, not just presence. */
  static final int BIG_LAYERS = 3;
  static final int BIG_LAYER_BYTES = 3 << 20;
  static final int VOLUME_FILES = 1500;

  /** What every operation works with. */
  static final class Rig {
    final BerthDaemon daemon;
    final LocalRegistry registry;
    final Path work;
    final Random random;
    int round;

    Rig(BerthDaemon daemon, LocalRegistry registry, Path work, Random random) {
      this.daemon = daemon;
      this.registry = registry;
      this.work = work;
      this.random = random;
    }

    Command.Result docker(String... args) {
      return daemon.dockerWithEnv(Map.of("DOCKER_BUILDKIT", "0"), args);
    }

    Command.Result ok(String... args) {
      Command.Result r = docker(args);
      assertThat(r.exitCode()).as("docker %s\n%s", String.join(" ", args), r).isZero();
      return r;
    }

    String out(String... args) {
      return ok(args).stdout().strip();
    }

    boolean exists(String type, String name) {
      return docker(type, "inspect", name).exitCode() == 0;
    }

    void removeQuietly(String type, String... names) {
      for (String n : names) {
        if (exists(type, n)) {
          ok(type.equals("container") ? new String[] {"rm", "-f", "-v", n}
              : type.equals("image") ? new String[] {"rmi", "-f", n} : new String[] {type, "rm", "-f", n});
        }
      }
    }

    String suffix() {
      return "r" + round;
    }

    String reg(String repo) {
      return registry.host() + "/" + repo;
    }

    /** A tar of random bytes in {@code /payload} plus a marker file: each one a new layer. */
    Path randomTar(String name, int bytes) throws IOException {
      byte[] payload = new byte[bytes];
      random.nextBytes(payload);
      Path tar = work.resolve(name + ".tar");
      try (OutputStream f = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(f)) {
        TarArchiveEntry e = new TarArchiveEntry("payload");
        e.setSize(payload.length);
        e.setMode(0644);
        t.putArchiveEntry(e);
        t.write(payload);
        t.closeArchiveEntry();
        byte[] marker = name.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry m = new TarArchiveEntry("marker");
        m.setSize(marker.length);
        t.putArchiveEntry(m);
        t.write(marker);
        t.closeArchiveEntry();
      }
      return tar;
    }

    void awaitRunning(String name) throws InterruptedException {
      for (int i = 0; i < 200; i++) {
        if (docker("inspect", "-f", "{{.State.Running}}", name).stdout().strip().equals("true")) {
          return;
        }
        Thread.sleep(50);
      }
      throw new AssertionError(name + " did not start");
    }

    void assertRunning(String name) {
      assertThat(out("inspect", "-f", "{{.State.Running}} {{.State.Paused}}", name))
          .as("%s after the restart", name).isEqualTo("true false");
      ok("exec", name, "true");
    }

    /** HTTP status of a registry manifest. */
    int manifestStatus(String repo, String tag) throws IOException {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://" + registry.host() + "/v2/" + repo
          + "/manifests/" + tag).toURL().openConnection();
      c.setRequestMethod("HEAD");
      c.setRequestProperty("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
          + "application/vnd.oci.image.manifest.v1+json");
      int code = c.getResponseCode();
      c.disconnect();
      return code;
    }
  }

  /** One interruptible operation. */
  abstract static class Fault {
    final String name;
    /** How long the operation took when last run to the end: the kill lands somewhere inside it. */
    long estimateMs;

    Fault(String name, long estimateMs) {
      this.name = name;
      this.estimateMs = estimateMs;
    }

    void prepare(Rig r) throws Exception {}

    abstract List<String> command(Rig r) throws Exception;

    /** After the restart: what must hold given whether the client was answered with success. */
    void verify(Rig r, boolean acknowledged) throws Exception {}

    /** Runs the operation again; it must succeed and its result must be whole. */
    abstract void retry(Rig r) throws Exception;

    void cleanup(Rig r) throws Exception {}

    @Override
    public String toString() {
      return name;
    }
  }

  /** Bytes of the big image's layers, as a shell inside it counts them. */
  static void assertBigImage(Rig r, String image) {
    assertThat(r.out("run", "--rm", image, "sh", "-c", "cat /l* | wc -c"))
        .isEqualTo(Integer.toString(BIG_LAYERS * BIG_LAYER_BYTES));
  }

  static List<Fault> all(Path bigTar) {
    List<Fault> out = new ArrayList<>();
    out.add(new Fault("pull", 2000) {
      String image(Rig r) {
        return r.reg("fault/big:1");
      }

      @Override
      void prepare(Rig r) {
        r.removeQuietly("image", image(r));
      }

      @Override
      List<String> command(Rig r) {
        return List.of("pull", image(r));
      }

      @Override
      void verify(Rig r, boolean acked) {
        if (acked) {
          assertThat(r.exists("image", image(r))).as("an acknowledged pull").isTrue();
        }
      }

      @Override
      void retry(Rig r) {
        r.ok("pull", image(r));
        assertBigImage(r, image(r));
      }

      @Override
      void cleanup(Rig r) {
        r.removeQuietly("image", image(r));
      }
    });
    out.add(new Fault("push", 1500) {
      String image(Rig r) {
        return r.reg("fault/push:" + r.suffix());
      }

      @Override
      void prepare(Rig r) throws IOException {
        Path tar = r.randomTar("push-" + r.suffix(), 6 << 20);
        r.ok("import", tar.toString(), image(r));
      }

      @Override
      List<String> command(Rig r) {
        return List.of("push", image(r));
      }

      @Override
      void verify(Rig r, boolean acked) throws IOException {
        assertThat(r.exists("image", image(r))).as("the pushed image is still here").isTrue();
        if (acked) {
          assertThat(r.manifestStatus("fault/push", r.suffix())).as("an acknowledged push").isEqualTo(200);
        }
      }

      @Override
      void retry(Rig r) throws IOException {
        r.ok("push", image(r));
        assertThat(r.manifestStatus("fault/push", r.suffix())).isEqualTo(200);
        // what the registry holds is the whole image: pulled back under another name, it is the same
        r.removeQuietly("image", image(r));
        r.ok("pull", image(r));
        assertThat(r.out("image", "inspect", "-f", "{{.Size}}", image(r)).length()).isGreaterThanOrEqualTo(7);
      }

      @Override
      void cleanup(Rig r) {
        r.removeQuietly("image", image(r));
      }
    });
    out.add(new Fault("build-run", 3000) {
      Path context;

      @Override
      void prepare(Rig r) throws IOException {
        context = Files.createDirectories(r.work.resolve("build-run-" + r.suffix()));
        Files.writeString(context.resolve("Dockerfile"), """
            FROM busybox
            RUN head -c 3145728 /dev/urandom > /r && echo one > /one
            RUN echo %s > /round
            """.formatted(r.suffix()));
      }

      @Override
      List<String> command(Rig r) {
        return List.of("build", "--no-cache", "-q", "-t", "fault/run:" + r.suffix(), context.toString());
      }

      @Override
      void verify(Rig r, boolean acked) {
        if (acked) {
          assertThat(r.out("run", "--rm", "fault/run:" + r.suffix(), "cat", "/round")).isEqualTo(r.suffix());
        }
      }

      @Override
      void retry(Rig r) {
        r.ok("build", "--no-cache", "-q", "-t", "fault/run:" + r.suffix(), context.toString());
        assertThat(r.out("run", "--rm", "fault/run:" + r.suffix(), "sh", "-c", "wc -c < /r; cat /round"))
            .isEqualTo("3145728\n" + r.suffix());
      }

      @Override
      void cleanup(Rig r) {
        r.removeQuietly("image", "fault/run:" + r.suffix());
      }
    });
    out.add(new Fault("build-copy", 2000) {
      Path context;
      static final int FILES = 40;

      @Override
      void prepare(Rig r) throws IOException {
        context = Files.createDirectories(r.work.resolve("build-copy-" + r.suffix()));
        byte[] chunk = new byte[256 << 10];
        for (int i = 0; i < FILES; i++) {
          r.random.nextBytes(chunk);
          Files.write(context.resolve("f" + i), chunk);
        }
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nCOPY . /ctx/\n");
      }

      @Override
      List<String> command(Rig r) {
        return List.of("build", "-q", "-t", "fault/copy:" + r.suffix(), context.toString());
      }

      @Override
      void retry(Rig r) {
        r.ok("build", "-q", "-t", "fault/copy:" + r.suffix(), context.toString());
        assertThat(r.out("run", "--rm", "fault/copy:" + r.suffix(), "sh", "-c", "ls /ctx | wc -l; cat /ctx/f* | wc -c"))
            .isEqualTo((FILES + 1) + "\n" + (FILES * (256 << 10)));
      }

      @Override
      void cleanup(Rig r) {
        r.removeQuietly("image", "fault/copy:" + r.suffix());
      }
    });
    out.add(new Fault("load", 1500) {
      @Override
      void prepare(Rig r) {
        r.removeQuietly("image", "fault/big:1");
      }

      @Override
      List<String> command(Rig r) {
        return List.of("load", "-q", "-i", bigTar.toString());
      }

      @Override
      void verify(Rig r, boolean acked) {
        if (acked) {
          assertThat(r.exists("image", "fault/big:1")).as("an acknowledged load").isTrue();
        }
      }

      @Override
      void retry(Rig r) {
        r.ok("load", "-q", "-i", bigTar.toString());
        assertBigImage(r, "fault/big:1");
      }

      @Override
      void cleanup(Rig r) {
        r.removeQuietly("image", "fault/big:1");
      }
    });
    out.add(new Fault("import", 1000) {
      Path tar;

      @Override
      void prepare(Rig r) throws IOException {
        tar = r.randomTar("import-" + r.suffix(), 8 << 20);
      }

      @Override
      List<String> command(Rig r) {
        return List.of("import", tar.toString(), "fault/import:" + r.suffix());
      }

      @Override
      void verify(Rig r, boolean acked) {
        if (acked) {
          assertThat(r.exists("image", "fault/import:" + r.suffix())).as("an acknowledged import").isTrue();
        }
      }

      @Override
      void retry(Rig r) {
        r.ok("import", tar.toString(), "fault/import:" + r.suffix());
        assertThat(Long.parseLong(r.out("image", "inspect", "-f", "{{.Size}}", "fault/import:" + r.suffix())))
            .isGreaterThanOrEqualTo(8 << 20);
      }

      @Override
      void cleanup(Rig r) {
        r.removeQuietly("image", "fault/import:" + r.suffix());
      }
    });
    out.add(new Fault("commit", 1500) {
      String container(Rig r) {
        return "fcommit-" + r.suffix();
      }

      @Override
      void prepare(Rig r) throws InterruptedException {
        r.ok("run", "-d", "--name", container(r), "busybox", "sh", "-c",
            "head -c 6291456 /dev/urandom > /w.tmp && mv /w.tmp /w; exec sleep 100000");
        for (int i = 0; r.docker("exec", container(r), "test", "-f", "/w").exitCode() != 0; i++) {
          assertThat(i).as("the container wrote its file").isLessThan(200);
          Thread.sleep(50);
        }
      }

      @Override
      List<String> command(Rig r) {
        return List.of("commit", container(r), "fault/commit:" + r.suffix());
      }

      @Override
      void verify(Rig r, boolean acked) {
        r.assertRunning(container(r));
        if (acked) {
          assertThat(r.exists("image", "fault/commit:" + r.suffix())).as("an acknowledged commit").isTrue();
        }
      }

      @Override
      void retry(Rig r) {
        r.ok("commit", container(r), "fault/commit:" + r.suffix());
        assertThat(r.out("run", "--rm", "fault/commit:" + r.suffix(), "sh", "-c", "wc -c < /w"))
            .isEqualTo("6291456");
      }

      @Override
      void cleanup(Rig r) {
        r.removeQuietly("container", container(r));
        r.removeQuietly("image", "fault/commit:" + r.suffix());
      }
    });
    out.add(new Fault("create", 300) {
      String container(Rig r) {
        return "fcreate-" + r.suffix();
      }

      @Override
      List<String> command(Rig r) {
        return List.of("create", "--name", container(r), "-v", "fcreatevol-" + r.suffix() + ":/vol", "-v", "/anon",
            "busybox", "sleep", "100000");
      }

      @Override
      void verify(Rig r, boolean acked) {
        if (acked) {
          assertThat(r.exists("container", container(r))).as("an acknowledged create").isTrue();
        }
      }

      @Override
      void retry(Rig r) {
        // a create that was made but not answered is whole: it starts
        if (r.exists("container", container(r))) {
          r.ok("start", container(r));
          r.ok("rm", "-f", "-v", container(r));
        }
        r.ok(command(r).toArray(String[]::new));
        r.ok("start", container(r));
        r.assertRunning(container(r));
      }

      @Override
      void cleanup(Rig r) {
        r.removeQuietly("container", container(r));
        r.removeQuietly("volume", "fcreatevol-" + r.suffix());
      }
    });
    out.add(new Fault("start", 600) {
      String container(Rig r) {
        return "fstart-" + r.suffix();
      }

      @Override
      void prepare(Rig r) {
        r.ok("create", "--name", container(r), "--network", "fnet", "--network-alias", "starter", "-p", "127.0.0.1::80",
            "busybox", "sleep", "100000");
      }

      @Override
      List<String> command(Rig r) {
        return List.of("start", container(r));
      }

      @Override
      void verify(Rig r, boolean acked) {
        if (acked) {
          r.assertRunning(container(r));
        }
      }

      @Override
      void retry(Rig r) {
        r.ok("start", container(r));
        r.assertRunning(container(r));
        assertThat(r.out("inspect", "-f", "{{.NetworkSettings.Networks.fnet.IPAddress}}", container(r))).isNotEmpty();
        assertThat(r.out("port", container(r), "80")).startsWith("127.0.0.1:");
        String ip = r.out("inspect", "-f", "{{.NetworkSettings.Networks.fnet.IPAddress}}", container(r));
        // aardvark-dns rebinds while it reloads its records: a lookup may need a second try
        Command.Result lookup = null;
        for (int i = 0; i < 10 && (lookup == null || !lookup.stdout().contains(ip)); i++) {
          lookup = r.docker("exec", "keeper", "nslookup", "starter");
        }
        assertThat(lookup.stdout()).as("%s", lookup).contains(ip);
      }

      @Override
      void cleanup(Rig r) {
        r.removeQuietly("container", container(r));
      }
    });
    out.add(new Fault("stop", 1500) {
      String container(Rig r) {
        return "fstop-" + r.suffix();
      }

      @Override
      void prepare(Rig r) throws InterruptedException {
        r.ok("run", "-d", "--name", container(r), "--network", "fnet", "busybox", "sh", "-c",
            "trap 'sleep 1; exit 3' TERM; while :; do sleep 0.1; done");
        r.awaitRunning(container(r));
      }

      @Override
      List<String> command(Rig r) {
        return List.of("stop", "-t", "5", container(r));
      }

      @Override
      void verify(Rig r, boolean acked) {
        if (acked) {
          assertThat(r.out("inspect", "-f", "{{.State.Running}}", container(r))).isEqualTo("false");
        }
      }

      @Override
      void retry(Rig r) {
        r.ok("stop", "-t", "5", container(r));
        assertThat(r.out("inspect", "-f", "{{.State.Running}}", container(r))).isEqualTo("false");
        r.ok("start", container(r)); // and it can run again
        r.assertRunning(container(r));
      }

      @Override
      void cleanup(Rig r) {
        r.removeQuietly("container", container(r));
      }
    });
    out.add(new Fault("rm", 600) {
      String container(Rig r) {
        return "frm-" + r.suffix();
      }

      @Override
      void prepare(Rig r) throws InterruptedException {
        r.ok("run", "-d", "--name", container(r), "-p", "127.0.0.1::80", "-v", "/anon", "busybox", "sleep", "100000");
        r.awaitRunning(container(r));
      }

      @Override
      List<String> command(Rig r) {
        return List.of("rm", "-f", "-v", container(r));
      }

      @Override
      void verify(Rig r, boolean acked) {
        if (acked) {
          assertThat(r.exists("container", container(r))).as("an acknowledged rm").isFalse();
        }
      }

      @Override
      void retry(Rig r) {
        if (r.exists("container", container(r))) {
          r.ok("rm", "-f", "-v", container(r));
        }
        assertThat(r.exists("container", container(r))).isFalse();
      }
    });
    out.add(new Fault("volume-copy-up", 1500) {
      String container(Rig r) {
        return "fvol-" + r.suffix();
      }

      String volume(Rig r) {
        return "fvolume-" + r.suffix();
      }

      @Override
      List<String> command(Rig r) {
        return List.of("run", "-d", "--name", container(r), "-v", volume(r) + ":/data", "fault/vol", "sleep", "100000");
      }

      @Override
      void verify(Rig r, boolean acked) throws IOException {
        if (acked) {
          r.assertRunning(container(r));
        }
        if (r.exists("volume", volume(r))) {
          // not copied yet, or copied whole: never in between
          Path data = r.daemon.dataRoot().resolve("volumes").resolve(volume(r)).resolve("_data");
          int files = HostAudit.listNames(data).size();
          assertThat(files).as("files in the volume after the restart").isIn(0, VOLUME_FILES);
        }
      }

      @Override
      void retry(Rig r) {
        r.removeQuietly("container", container(r));
        r.ok(command(r).toArray(String[]::new));
        assertThat(r.out("exec", container(r), "sh", "-c", "ls /data | wc -l; cat /data/* | wc -c"))
            .isEqualTo(VOLUME_FILES + "\n" + (VOLUME_FILES * 4096));
      }

      @Override
      void cleanup(Rig r) {
        r.removeQuietly("container", container(r));
        r.removeQuietly("volume", volume(r));
      }
    });
    out.add(new Fault("network-connect", 500) {
      String container(Rig r) {
        return "fconn-" + r.suffix();
      }

      @Override
      void prepare(Rig r) throws InterruptedException {
        r.ok("run", "-d", "--name", container(r), "busybox", "sleep", "100000");
        r.awaitRunning(container(r));
      }

      @Override
      List<String> command(Rig r) {
        return List.of("network", "connect", "--alias", "connected", "fnet2", container(r));
      }

      @Override
      void verify(Rig r, boolean acked) {
        r.assertRunning(container(r));
        if (acked) {
          assertThat(r.out("inspect", "-f", "{{json .NetworkSettings.Networks}}", container(r))).contains("fnet2");
        }
      }

      @Override
      void retry(Rig r) {
        if (r.out("inspect", "-f", "{{json .NetworkSettings.Networks}}", container(r)).contains("fnet2")) {
          r.ok("network", "disconnect", "fnet2", container(r));
        }
        r.ok(command(r).toArray(String[]::new));
        assertThat(r.out("exec", container(r), "ip", "-o", "-4", "addr", "show", "eth1")).contains("inet ");
      }

      @Override
      void cleanup(Rig r) {
        r.removeQuietly("container", container(r));
      }
    });
    return out;
  }

  /** The client's output, for a failure message. */
  static String drain(Process p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
