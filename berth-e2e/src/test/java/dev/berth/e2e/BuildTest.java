package dev.berth.e2e;

import static dev.berth.e2e.TestArchives.tar;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder through both CLIs: Dockerfiles into images that run, the step cache and its
 * invalidation, multi-stage builds, .dockerignore, and the ways a build goes wrong.
 */
class BuildTest extends SharedDaemonTest {
  /** The docker CLI needs the classic builder API when no buildx plugin is installed. */
  private static final Map<String, String> CLASSIC = Map.of("DOCKER_BUILDKIT", "0");

  @TempDir
  Path ctx;

  private Command.Result dockerBuild(String... args) {
    return daemon.dockerWithEnv(CLASSIC, prepend("build", args));
  }

  private static String[] prepend(String first, String... rest) {
    String[] out = new String[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  private void write(String name, String content) throws Exception {
    Path p = ctx.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void everyInstructionEndsUpInTheImage() throws Exception {
    write("Dockerfile", """
        # syntax=docker/dockerfile:1
        ARG BASE=busybox
        FROM ${BASE} AS base
        LABEL org.example.team="blue team" version=1
        ENV APP_HOME=/srv/app \\
            GREETING=hello
        ARG WHO=world
        WORKDIR $APP_HOME
        COPY --chmod=755 run.sh ./
        COPY conf/ /etc/app/
        ADD bundle.tar /opt/
        RUN echo "$GREETING $WHO" > greeting.txt && echo appuser:x:1234:1234::/srv/app:/bin/sh >> /etc/passwd
        RUN <<EOF
        echo from-heredoc > /srv/app/heredoc.txt
        EOF
        COPY <<EOF /etc/app/inline.conf
        home=${APP_HOME}
        EOF
        USER appuser
        EXPOSE 8080/tcp 9090/udp
        VOLUME /data
        STOPSIGNAL SIGINT
        HEALTHCHECK --interval=5s --retries=2 CMD true
        ENTRYPOINT ["/srv/app/run.sh"]
        CMD ["default-arg"]
        """);
    write("run.sh", "#!/bin/sh\necho \"run.sh $* $(cat /srv/app/greeting.txt) $(id -u)\"\n");
    write("conf/app.conf", "key=value\n");
    Files.write(ctx.resolve("bundle.tar"), tar("bundle/inside.txt", "from-archive\n"));

    Command.Result r = dockerBuild("-t", "built:all", "--build-arg", "WHO=berth", ctx.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("Step 1/18 : FROM ${BASE} AS base").contains("Successfully tagged built:all");

    assertThat(ok(daemon.docker("run", "--rm", "built:all"))).isEqualTo("run.sh default-arg hello berth 1234");
    assertThat(ok(daemon.berth("run", "--rm", "--entrypoint", "cat", "built:all",
        "/etc/app/app.conf", "/opt/bundle/inside.txt", "/srv/app/heredoc.txt", "/etc/app/inline.conf")))
        .isEqualTo("key=value\nfrom-archive\nfrom-heredoc\nhome=/srv/app");
    assertThat(ok(daemon.docker("image", "inspect", "-f",
        "{{.Config.User}}|{{.Config.WorkingDir}}|{{json .Config.ExposedPorts}}|{{json .Config.Volumes}}|"
            + "{{.Config.StopSignal}}|{{index .Config.Labels \"org.example.team\"}}|{{.Config.Healthcheck.Retries}}",
        "built:all"))).isEqualTo(
        "appuser|/srv/app|{\"8080/tcp\":{},\"9090/udp\":{}}|{\"/data\":{}}|SIGINT|blue team|2");
    assertThat(ok(daemon.docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", "built:all")))
        .contains("/bin/sh -c #(nop)  ENV APP_HOME=/srv/app GREETING=hello")
        .contains("|1 WHO=berth /bin/sh -c echo \"$GREETING $WHO\"");
  }

  @Test
  void unchangedStepsComeFromTheCacheAndAChangeRebuildsFromThatStep() throws Exception {
    write("Dockerfile", """
        FROM busybox
        ARG V=1
        COPY a.txt /a.txt
        RUN cat /a.txt > /copy.txt
        COPY b.txt /b.txt
        RUN echo v=$V > /v.txt
        """);
    write("a.txt", "one");
    write("b.txt", "two");
    String first = ok(daemon.berth("build", "-q", ctx.toString()));
    Command.Result again = daemon.berth("build", ctx.toString());
    assertThat(again.stdout().split("Using cache", -1)).hasSize(6);
    assertThat(again.stdout()).contains("Successfully built " + first.substring(7, 19));

    write("b.txt", "changed");
    String changed = ok(dockerBuild(ctx.toString()));
    assertThat(changed.split("Using cache", -1)).hasSize(4); // ARG, COPY a, RUN cat
    assertThat(changed).contains("Step 5/6 : COPY b.txt /b.txt\n ---> ");

    String arg = ok(daemon.berth("build", "--build-arg", "V=2", "-t", "cache:arg", ctx.toString()));
    assertThat(arg).contains("Step 6/6 : RUN echo v=$V > /v.txt\n ---> Running in");
    assertThat(ok(daemon.docker("run", "--rm", "cache:arg", "cat", "/v.txt"))).isEqualTo("v=2");

    assertThat(ok(daemon.berth("build", "--no-cache", ctx.toString()))).doesNotContain("Using cache");
    ok(daemon.docker("rmi", "cache:arg"));

    // a changed base image: nothing after FROM can come from the cache
    ok(daemon.docker("import", "--change", "ENV BASE=2", BusyboxRootfs.tarball().toString(), "base-two:1"));
    write("Dockerfile", "FROM base-two:1\nCOPY a.txt /a.txt\n");
    assertThat(ok(daemon.berth("build", ctx.toString()))).doesNotContain("Using cache");
    assertThat(ok(daemon.berth("build", ctx.toString()))).contains("Using cache");
    ok(daemon.docker("import", "--change", "ENV BASE=3", BusyboxRootfs.tarball().toString(), "base-two:1"));
    assertThat(ok(daemon.berth("build", ctx.toString()))).doesNotContain("Using cache");
  }

  @Test
  void multiStageBuildsOnlyWhatTheTargetNeeds() throws Exception {
    write("Dockerfile", """
        FROM busybox AS compile
        RUN echo compiled > /artifact
        FROM busybox AS broken
        RUN echo this stage must not run && exit 1
        FROM busybox AS final
        COPY --from=compile /artifact /app/artifact
        CMD ["cat", "/app/artifact"]
        FROM final AS debug
        RUN echo debug > /debug
        """);
    Command.Result r = daemon.berth("build", "--target", "final", "-t", "multi:1", ctx.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).doesNotContain("must not run").doesNotContain("debug");
    assertThat(ok(daemon.docker("run", "--rm", "multi:1"))).isEqualTo("compiled");
    ok(daemon.docker("rmi", "multi:1"));
  }

  @Test
  void independentStagesBuildTogetherAndTheLogReadsInOrder() throws Exception {
    write("Dockerfile", """
        FROM busybox AS left
        RUN echo left > /l
        FROM busybox AS right
        RUN echo right > /r
        FROM busybox
        COPY --from=left /l /l
        COPY --from=right /r /r
        CMD ["cat", "/l", "/r"]
        """);
    String log = ok(daemon.berth("build", "-t", "parallel:1", ctx.toString()));
    java.util.List<Integer> steps = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Step (\\d+)/8 :").matcher(log);
    while (m.find()) {
      steps.add(Integer.parseInt(m.group(1)));
    }
    assertThat(steps).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(ok(daemon.docker("run", "--rm", "parallel:1"))).isEqualTo("left\nright");
    // a failure in one of two parallel stages fails the build with its message
    write("Dockerfile", """
        FROM busybox AS good
        RUN sleep 1
        FROM busybox AS bad
        RUN exit 4
        FROM busybox
        COPY --from=good /bin/sh /x
        COPY --from=bad /bin/sh /y
        """);
    Command.Result r = daemon.berth("build", ctx.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("returned a non-zero code: 4");
    ok(daemon.docker("rmi", "parallel:1"));
  }

  @Test
  void dockerignoreKeepsFilesOutOfTheContext() throws Exception {
    write("Dockerfile", "FROM busybox\nCOPY . /ctx/\n");
    write(".dockerignore", "# comment\n*.log\nsecrets/\n!keep.log\n**/tmp\n");
    write("app.txt", "app");
    write("debug.log", "noise");
    write("keep.log", "kept");
    write("secrets/key", "s3cret");
    write("deep/a/tmp", "x");
    ok(daemon.berth("build", "-t", "ignored:1", ctx.toString()));
    String files = ok(daemon.docker("run", "--rm", "ignored:1", "find", "/ctx", "-type", "f"));
    assertThat(files.lines().sorted().toList()).containsExactly("/ctx/.dockerignore", "/ctx/Dockerfile",
        "/ctx/app.txt", "/ctx/keep.log");
    // the daemon applies .dockerignore too, for clients that send everything
    ok(dockerBuild("-t", "ignored:2", ctx.toString()));
    assertThat(ok(daemon.docker("run", "--rm", "ignored:2", "find", "/ctx", "-name", "*.log")))
        .isEqualTo("/ctx/keep.log");
    ok(daemon.docker("rmi", "ignored:1", "ignored:2"));
  }

  @Test
  void aFailingRunShowsItsOutputAndCodeAndLeavesNothingBehind() throws Exception {
    String containersBefore = ok(daemon.docker("ps", "-aq"));
    write("Dockerfile", "FROM busybox\nRUN echo about to fail && exit 7\n");
    Command.Result r = daemon.berth("build", "-t", "never:1", ctx.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("about to fail");
    assertThat(r.stderr()).contains("The command '/bin/sh -c echo about to fail && exit 7' returned a non-zero "
        + "code: 7");
    Command.Result d = dockerBuild("-t", "never:1", ctx.toString());
    assertThat(d.exitCode()).isNotZero();
    assertThat(d.stderr()).contains("returned a non-zero code: 7");
    assertThat(daemon.docker("image", "inspect", "never:1").exitCode()).isNotZero();
    assertThat(ok(daemon.docker("ps", "-aq"))).isEqualTo(containersBefore);
  }

  @Test
  void aClientThatGoesAwayCancelsTheBuildAndItsStep() throws Exception {
    String before = ok(daemon.docker("ps", "-aq"));
    write("Dockerfile", "FROM busybox\nRUN echo started && sleep 120\n");
    ProcessBuilder pb = new ProcessBuilder(BerthDaemon.ROOT.resolve("bin/berth").toString(), "-H", daemon.host(),
        "build", "-t", "cancelled:1", ctx.toString()).redirectErrorStream(true);
    Process p = pb.start();
    try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
      String line;
      while ((line = reader.readLine()) != null && !line.equals("started")) {
        // wait for the step to be running
      }
      assertThat(line).as("the RUN step started").isNotNull();
      p.destroyForcibly();
      p.waitFor();
    }
    long deadline = System.currentTimeMillis() + 30_000;
    while (!ok(daemon.docker("ps", "-aq")).equals(before) && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    assertThat(ok(daemon.docker("ps", "-aq"))).isEqualTo(before);
    assertThat(daemon.docker("image", "inspect", "cancelled:1").exitCode()).isNotZero();
  }

  @Test
  void badDockerfilesAndMissingFilesAreClearErrors() throws Exception {
    write("Dockerfile", "FROM busybox\nFORM busybox\n");
    Command.Result r = daemon.berth("build", ctx.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("unknown instruction: FORM");
    write("Dockerfile", "FROM busybox\nCOPY missing.txt /\n");
    Command.Result missing = dockerBuild(ctx.toString());
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).contains("missing.txt").contains("not found");
    write("Dockerfile", "FROM busybox\nRUN --mount=type=cache,target=/c true\n");
    assertThat(daemon.berth("build", ctx.toString()).stderr()).contains("RUN --mount is not supported");
    write("Dockerfile", "FROM busybox AS a\nFROM a\n");
    Command.Result target = daemon.berth("build", "--target", "nope", ctx.toString());
    assertThat(target.stderr()).contains("target stage \"nope\" could not be found");
  }

  @Test
  void aLinkInTheContextIsCopiedAsALinkAndNothingOutsideIsRead() throws Exception {
    Path outside = Files.createTempFile("berth-outside", ".txt");
    try {
      Files.writeString(outside, "host secret");
      Files.createSymbolicLink(ctx.resolve("link"), outside);
      write("Dockerfile", "FROM busybox\nCOPY link /copied\n");
      ok(daemon.berth("build", "-t", "links:1", ctx.toString()));
      assertThat(ok(daemon.docker("run", "--rm", "links:1", "readlink", "/copied"))).isEqualTo(outside.toString());
      assertThat(daemon.docker("run", "--rm", "links:1", "cat", "/copied").stdout()).doesNotContain("host secret");
      ok(daemon.docker("rmi", "links:1"));
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void stdinDockerfileFileFlagLabelsIidfileAndAddFromAUrl() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/files/remote.txt", ex -> {
      byte[] body = "downloaded".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/remote.txt";
      write("other/Build.file", "FROM busybox\nADD " + url + " /remote.txt\nCMD [\"cat\", \"/remote.txt\"]\n");
      Path iid = ctx.resolve("iid");
      ok(daemon.berth("build", "-f", ctx.resolve("other/Build.file").toString(), "--label", "made=by-test",
          "--iidfile", iid.toString(), "-t", "fromurl:1", ctx.toString()));
      assertThat(Files.readString(iid)).startsWith("sha256:");
      assertThat(ok(daemon.docker("run", "--rm", "fromurl:1"))).isEqualTo("downloaded");
      assertThat(ok(daemon.docker("image", "inspect", "-f", "{{.Config.Labels.made}}", "fromurl:1")))
          .isEqualTo("by-test");
      assertThat(ok(daemon.docker("run", "--rm", "fromurl:1", "stat", "-c", "%a", "/remote.txt"))).isEqualTo("600");

      byte[] dockerfile = "FROM busybox\nRUN echo piped > /piped\n".getBytes(StandardCharsets.UTF_8);
      Command.Result piped = Command.run(daemon.env(), dockerfile, Command.args(BerthDaemon.ROOT.resolve("bin/berth"),
          "-H", daemon.host(), "build", "-t", "piped:1", "-"));
      assertThat(piped.exitCode()).as(piped.toString()).isZero();
      assertThat(ok(daemon.docker("run", "--rm", "piped:1", "cat", "/piped"))).isEqualTo("piped");
      ok(daemon.docker("rmi", "fromurl:1", "piped:1"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void builderPruneDropsTheCacheButKeepsTaggedImages() throws Exception {
    write("Dockerfile", "FROM busybox\nRUN echo cached > /c\n");
    ok(daemon.berth("build", "-t", "keepme:1", ctx.toString()));
    assertThat(ok(daemon.berth("build", ctx.toString()))).contains("Using cache");
    ok(daemon.berth("builder", "prune", "-f"));
    assertThat(ok(daemon.berth("build", ctx.toString()))).doesNotContain("Using cache");
    assertThat(ok(daemon.docker("run", "--rm", "keepme:1", "cat", "/c"))).isEqualTo("cached");
    ok(daemon.docker("rmi", "keepme:1"));
  }

  @Test
  void onbuildTriggersChownAndSourcesThroughALinkInTheContext() throws Exception {
    write("base/Dockerfile", "FROM busybox\nONBUILD RUN echo triggered > /onbuild.txt\n");
    ok(daemon.berth("build", "-t", "onbuild-base:1", ctx.resolve("base").toString()));
    write("child/real/file.txt", "through-link");
    Files.createSymbolicLink(ctx.resolve("child/linkdir"), Path.of("real"));
    write("child/Dockerfile", """
        FROM onbuild-base:1
        COPY --chown=1234:5678 linkdir/file.txt /owned.txt
        """);
    Command.Result r = dockerBuild("-t", "onbuild-child:1", ctx.resolve("child").toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("# Executing 1 build trigger");
    assertThat(ok(daemon.docker("run", "--rm", "onbuild-child:1", "sh", "-c",
        "cat /onbuild.txt /owned.txt; echo; stat -c %u:%g /owned.txt"))).isEqualTo("triggered\nthrough-link\n1234:5678");
    ok(daemon.docker("rmi", "onbuild-child:1", "onbuild-base:1"));
  }

  @Test
  void runStepsUseTheNetworkModeAsked() throws Exception {
    write("Dockerfile", """
        FROM busybox
        RUN grep -c eth0 /proc/net/dev > /bridge.txt || true
        RUN --network=none grep -c eth0 /proc/net/dev > /none.txt || true
        """);
    ok(daemon.berth("build", "-t", "netmodes:1", ctx.toString()));
    assertThat(ok(daemon.docker("run", "--rm", "--network", "none", "netmodes:1", "cat", "/bridge.txt", "/none.txt")))
        .isEqualTo("1\n0");
    ok(daemon.berth("build", "--network", "none", "--no-cache", "-t", "netmodes:2", ctx.toString()));
    assertThat(ok(daemon.docker("run", "--rm", "--network", "none", "netmodes:2", "cat", "/bridge.txt")))
        .isEqualTo("0");
    ok(daemon.docker("rmi", "netmodes:1", "netmodes:2"));
  }

  @Test
  void theCacheSurvivesADaemonRestart() throws Exception {
    write("Dockerfile", "FROM busybox\nCOPY f /f\nRUN cat /f > /g\n");
    write("f", "persisted");
    ok(daemon.berth("build", "-t", "persist:1", ctx.toString()));
    daemon.crash();
    daemon.launch();
    String again = ok(daemon.berth("build", "-t", "persist:1", ctx.toString()));
    assertThat(again.split("Using cache", -1)).hasSize(3);
    assertThat(ok(daemon.docker("run", "--rm", "persist:1", "cat", "/g"))).isEqualTo("persisted");
    ok(daemon.docker("rmi", "persist:1"));
  }

}
