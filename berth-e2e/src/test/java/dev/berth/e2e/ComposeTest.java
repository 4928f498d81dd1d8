package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code berth compose} and {@code docker compose} (the plugin launcher under the real docker
 * CLI) against a real berthd: a project of busybox services on two networks with an alias and a
 * named volume, brought up, inspected, changed, scaled and taken down again.
 */
class ComposeTest extends SharedDaemonTest {
  private static final String APP = """
      services:
        web:
          image: busybox
          init: true
          command: ["sh", "-c", "echo web says $${GREETING}; exec sleep 300"]
          environment:
            GREETING: ${GREETING:-hello}
          depends_on: [db]
          networks:
            front:
            back:
              aliases: [frontdoor]
        db:
          image: busybox
          init: true
          command: ["sh", "-c", "echo db up; exec sleep 300"]
          volumes: [data:/data]
          networks: [back]
      networks:
        front:
        back:
      volumes:
        data:
      """;

  private Path dir;

  @BeforeEach
  void project() throws IOException {
    dir = Files.createTempDirectory("compose-e2e-");
    Path app = Files.createDirectories(dir.resolve("My_App"));
    Files.writeString(app.resolve("compose.yaml"), APP);
  }

  @AfterEach
  void cleanUp() throws IOException {
    compose("down", "-v", "-t", "0");
    BerthDaemon.deleteTree(dir);
  }

  private Path app() {
    return dir.resolve("My_App");
  }

  private Command.Result compose(String... args) {
    return composeWith(Map.of(), args);
  }

  private Command.Result composeWith(Map<String, String> extra, String... args) {
    Map<String, String> env = new HashMap<>(daemon.env());
    env.put("XDG_CACHE_HOME", dir.resolve("cache").toString()); // compose's schema cache stays out of the user's home
    env.putAll(extra);
    List<String> cmd = new java.util.ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", app().toString(),
        BerthDaemon.BERTH.toString(), "compose"));
    cmd.addAll(List.of(args));
    return Command.run(env, null, cmd);
  }

  /** The daemon's environment plus a schema cache of the test's own. */
  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>(daemon.env());
    env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    return env;
  }

  private String id(String name) {
    return ok(daemon.berth("inspect", "-f", "{{.Id}}", name));
  }

  @Test
  void upPsLogsAndDownWorkFromTheLabels() throws Exception {
    Command.Result up = compose("up", "-d");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.stderr()).contains(" Network my_app_front  Created", " Network my_app_back  Created",
        " Volume \"my_app_data\"  Created", " Container my_app-db-1  Started", " Container my_app-web-1  Started");
    assertThat(up.stderr().indexOf("my_app-db-1  Started")).isLessThan(up.stderr().indexOf("my_app-web-1  Starting"));
    assertThat(up.stderr()).doesNotContain("my_app_default");

    String ps = ok(compose("ps"));
    assertThat(ps.lines().findFirst().orElseThrow()).startsWith("NAME").contains("SERVICE", "STATUS");
    assertThat(ps).contains("my_app-db-1", "my_app-web-1").contains("Up ");

    // the alias on the back network answers from db; web is on front as well
    String lookup = ok(daemon.berth("exec", "my_app-db-1", "nslookup", "frontdoor"));
    assertThat(lookup).contains("Address");
    assertThat(ok(daemon.berth("inspect", "-f", "{{len .NetworkSettings.Networks}}", "my_app-web-1"))).isEqualTo("2");
    assertThat(ok(daemon.berth("inspect", "-f", "{{index .Config.Labels \"com.docker.compose.project\"}} "
        + "{{index .Config.Labels \"com.docker.compose.service\"}} {{index .Config.Labels \"com.docker.compose.container-number\"}} "
        + "{{index .Config.Labels \"com.docker.compose.oneoff\"}}", "my_app-web-1"))).isEqualTo("my_app web 1 False");

    long deadline = System.currentTimeMillis() + 10_000;
    String logs = "";
    while (System.currentTimeMillis() < deadline && !logs.contains("web says hello")) {
      logs = ok(compose("logs"));
      Thread.sleep(100);
    }
    assertThat(logs).contains("web-1  | web says hello").contains("db-1   | db up");

    // data in the named volume survives down and is gone after down -v
    ok(daemon.berth("exec", "my_app-db-1", "sh", "-c", "echo kept > /data/f"));
    Command.Result down = compose("down", "-t", "0");
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(down.stderr()).contains(" Container my_app-web-1  Removed", " Network my_app_back  Removed");
    assertThat(down.stderr().indexOf("my_app-web-1  Removed")).isLessThan(down.stderr().indexOf("my_app-db-1  Removing"));
    assertThat(ok(daemon.berth("ps", "-aq", "--filter", "label=com.docker.compose.project=my_app"))).isEmpty();
    assertThat(ok(daemon.berth("volume", "ls", "-q"))).contains("my_app_data");
    ok(compose("up", "-d"));
    assertThat(ok(daemon.berth("exec", "my_app-db-1", "cat", "/data/f"))).isEqualTo("kept");
    Command.Result downV = compose("down", "-v", "-t", "0");
    assertThat(downV.stderr()).contains("Volume \"my_app_data\"  Removed");
    assertThat(ok(daemon.berth("volume", "ls", "-q"))).doesNotContain("my_app_data");
    assertThat(ok(daemon.berth("network", "ls"))).doesNotContain("my_app_");
  }

  @Test
  void aChangedServiceIsRecreatedAndTheOthersKeepTheirIds() throws Exception {
    ok(compose("up", "-d"));
    String web = id("my_app-web-1");
    String db = id("my_app-db-1");
    Command.Result again = compose("up", "-d");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(id("my_app-web-1")).isEqualTo(web);
    assertThat(id("my_app-db-1")).isEqualTo(db);

    Command.Result changed = composeWith(Map.of("GREETING", "bonjour"), "up", "-d");
    assertThat(changed.exitCode()).as(changed.toString()).isZero();
    assertThat(changed.stderr()).contains("Container my_app-web-1  Recreated");
    assertThat(id("my_app-web-1")).isNotEqualTo(web);
    assertThat(id("my_app-db-1")).isEqualTo(db);
    assertThat(ok(daemon.berth("inspect", "-f", "{{index .Config.Labels \"com.docker.compose.replace\"}}", "my_app-web-1")))
        .isEqualTo(web);
  }

  @Test
  void scaleUpAndDownRemovesTheHighestNumbers() {
    ok(compose("up", "-d", "--scale", "web=3"));
    assertThat(ok(compose("ps", "--services"))).isEqualTo("db\nweb");
    assertThat(ok(compose("ps", "--format", "{{.Name}}"))).contains("my_app-web-1", "my_app-web-2", "my_app-web-3");
    String first = id("my_app-web-1");
    ok(compose("up", "-d", "--scale", "web=1"));
    String names = ok(compose("ps", "--format", "{{.Name}}"));
    assertThat(names).contains("my_app-web-1").doesNotContain("my_app-web-2", "my_app-web-3");
    assertThat(id("my_app-web-1")).isEqualTo(first);
  }

  @Test
  void configPrintsTheCanonicalModel() {
    String config = ok(composeWith(Map.of("GREETING", "hi"), "config"));
    assertThat(config).startsWith("name: my_app\n").contains("GREETING: hi", "name: my_app_back", "name: my_app_data",
        "- frontdoor");
    assertThat(ok(compose("config", "--services"))).isEqualTo("db\nweb");
  }

  @Test
  void badInputIsOneClearLine() throws IOException {
    Command.Result unknown = compose("up", "-d", "nosuch");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.stderr().strip()).isEqualTo("no such service: nosuch");

    Files.writeString(app().resolve("compose.yaml"), "services:\n  web:\n    image: busybox\n    ports: \"80\"\n");
    Command.Result invalid = compose("up", "-d");
    assertThat(invalid.exitCode()).isEqualTo(1);
    assertThat(invalid.stderr().strip()).isEqualTo("services.web.ports must be a list");

    Files.writeString(app().resolve("compose.yaml"), "services:\n  web:\n    image: ${IMAGE:?set IMAGE first}\n");
    Command.Result required = compose("config");
    assertThat(required.exitCode()).isEqualTo(1);
    assertThat(required.stderr().strip()).isEqualTo("required variable IMAGE is missing a value: set IMAGE first");

    Files.writeString(app().resolve("compose.yaml"),
        "services:\n  a:\n    image: busybox\n    depends_on: [b]\n  b:\n    image: busybox\n    depends_on: [a]\n");
    Command.Result cycle = compose("up", "-d");
    assertThat(cycle.exitCode()).isEqualTo(1);
    assertThat(cycle.stderr().strip()).startsWith("dependency cycle detected: ");

    Files.writeString(app().resolve("compose.yaml"), "services:\n  web:\n    build: ./nope\n");
    Command.Result noContext = compose("up", "-d");
    assertThat(noContext.exitCode()).isEqualTo(1);
    assertThat(noContext.stderr().strip()).isEqualTo("unable to prepare context: path \"" + app().resolve("nope") + "\" not found");
    assertThat(ok(daemon.berth("network", "ls"))).doesNotContain("my_app_default");
    assertThat(ok(daemon.berth("ps", "-aq", "--filter", "label=com.docker.compose.project=my_app"))).isEmpty();
  }

  @Test
  void thePluginLauncherServesTheDockerCli() throws IOException {
    Path config = Files.createDirectories(Path.of(daemon.env().get("DOCKER_CONFIG")).resolve("cli-plugins"));
    Path link = config.resolve("docker-compose");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, BerthDaemon.ROOT.resolve("bin/docker-compose"));
    Command.Result version = daemon.docker("compose", "version");
    assertThat(version.exitCode()).as(version.toString()).isZero();
    assertThat(version.stdout()).contains("Berth Compose version v");
    List<String> cmd = List.of("sh", "-c", "cd \"$0\" && exec docker compose up -d", app().toString());
    Command.Result up = Command.run(env(), null, cmd);
    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.stderr()).contains("Container my_app-web-1  Started");
    assertThat(ok(compose("ps", "--format", "{{.Name}} {{.Service}}"))).contains("my_app-web-1 web");
  }

  @Test
  void aTwoTierAppWithABuildAHealthyDependencyAndWait() throws IOException {
    Path ctx = Files.createDirectories(app().resolve("api"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nARG MSG=none\nRUN echo \"$MSG\" > /msg\n"
        + "CMD [\"sh\", \"-c\", \"cat /msg; exec sleep 300\"]\n");
    Files.writeString(app().resolve("compose.yaml"), """
        services:
          api:
            build:
              context: ./api
              args: {MSG: built-by-compose}
            init: true
            depends_on:
              db: {condition: service_healthy}
          db:
            image: busybox
            init: true
            command: ["sh", "-c", "sleep 1; touch /ready; exec sleep 300"]
            healthcheck:
              test: ["CMD", "test", "-f", "/ready"]
              interval: 300ms
              retries: 50
        """);
    Command.Result up = compose("up", "-d", "--wait");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.stderr()).contains(" Image my_app-api  Built", " Container my_app-db-1  Healthy",
        " Container my_app-api-1  Started");
    assertThat(up.stderr().indexOf("my_app-db-1  Healthy")).isLessThan(up.stderr().indexOf("my_app-api-1  Starting"));
    assertThat(ok(daemon.berth("inspect", "-f", "{{.State.Health.Status}}", "my_app-db-1"))).isEqualTo("healthy");
    assertThat(ok(compose("logs", "api"))).contains("api-1  | built-by-compose");
    assertThat(ok(compose("images"))).contains("my_app-api-1", "my_app-api");

    Command.Result oneOff = compose("run", "--rm", "api", "cat", "/msg");
    assertThat(oneOff.exitCode()).as(oneOff.toString()).isZero();
    assertThat(oneOff.stdout()).contains("built-by-compose");
    assertThat(ok(daemon.berth("ps", "-a", "--format", "{{.Names}}"))).doesNotContain("my_app-api-run-");
    Command.Result failing = compose("run", "--rm", "db", "sh", "-c", "exit 7");
    assertThat(failing.exitCode()).isEqualTo(7);
    assertThat(ok(compose("exec", "-T", "db", "ls", "/ready"))).isEqualTo("/ready");

    Command.Result down = compose("down", "--rmi", "local", "-t", "0");
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(ok(daemon.berth("images", "--format", "{{.Repository}}"))).doesNotContain("my_app-api");
  }

  @Test
  void aHealthcheckThatFailsUnderWaitIsAClearErrorAndDownCleansUp() throws IOException {
    Files.writeString(app().resolve("compose.yaml"), """
        services:
          sick:
            image: busybox
            init: true
            command: ["sleep", "300"]
            healthcheck:
              test: ["CMD", "false"]
              interval: 200ms
              retries: 2
        """);
    Command.Result up = compose("up", "-d", "--wait");
    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.stderr().strip().lines().reduce((a, b) -> b).orElseThrow())
        .isEqualTo("container my_app-sick-1 is unhealthy");
    assertThat(ok(compose("ps", "-a", "--format", "{{.Name}}"))).isEqualTo("my_app-sick-1");
    ok(compose("down", "-t", "0"));
    assertThat(ok(daemon.berth("ps", "-aq", "--filter", "label=com.docker.compose.project=my_app"))).isEmpty();
  }

  @Test
  void aPortAlreadyTakenFailsClearlyAndLeavesWhatItMadeRemovable() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Files.writeString(app().resolve("compose.yaml"), "services:\n  web:\n    image: busybox\n    init: true\n"
          + "    command: [sleep, \"300\"]\n    ports: [\"127.0.0.1:" + port + ":80\"]\n");
      Command.Result up = compose("up", "-d");
      assertThat(up.exitCode()).isEqualTo(1);
      assertThat(up.stderr()).contains("Error response from daemon: ");
      assertThat(up.stderr().strip().lines().reduce((a, b) -> b).orElseThrow()).contains(String.valueOf(port));
    }
    assertThat(ok(daemon.berth("ps", "-a", "--format", "{{.Names}}"))).contains("my_app-web-1");
    ok(compose("down", "-t", "0"));
    assertThat(ok(daemon.berth("ps", "-aq", "--filter", "label=com.docker.compose.project=my_app"))).isEmpty();
    assertThat(ok(daemon.berth("network", "ls"))).doesNotContain("my_app_default");
  }

  @Test
  void exitCodeFromEndsTheProjectWithThatServicesCode() throws IOException {
    Files.writeString(app().resolve("compose.yaml"), """
        services:
          job:
            image: busybox
            command: ["sh", "-c", "echo working; sleep 1; exit 3"]
          side:
            image: busybox
            init: true
            command: ["sleep", "300"]
        """);
    Command.Result up = compose("up", "--exit-code-from", "job");
    assertThat(up.exitCode()).as(up.toString()).isEqualTo(3);
    assertThat(up.stdout()).contains("job-1   | working", "job-1 exited with code 3");
    assertThat(ok(compose("ps", "-a", "--format", "{{.Name}} {{.State}}"))).contains("my_app-side-1 exited");
  }

  @Test
  void attachedUpStreamsPrefixedLogsAndCtrlCStopsTheProject() throws Exception {
    List<String> cmd = List.of("sh", "-c", "cd \"$0\" && exec \"$1\" compose up", app().toString(), BerthDaemon.BERTH.toString());
    try (PtySession pty = PtySession.start(env(), dir, cmd)) {
      pty.expect("Attaching to db-1, web-1");
      pty.expect("web-1  | ");
      pty.expect("web says hello");
      pty.type("\u0003");
      pty.expect("Gracefully stopping...");
      int code = pty.exitCode();
      assertThat(code).isEqualTo(130);
      assertThat(pty.screen()).contains("Container my_app-web-1  Stopped");
    }
    assertThat(ok(compose("ps", "-a", "--format", "{{.Name}} {{.State}}"))).contains("my_app-web-1 exited", "my_app-db-1 exited");
  }

  @Test
  void orphansForceRecreateAndTheLabelsAloneWithoutTheFile() throws IOException {
    ok(compose("up", "-d"));
    String db = id("my_app-db-1");
    Command.Result forced = compose("up", "-d", "--force-recreate", "db");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(id("my_app-db-1")).isNotEqualTo(db);

    Files.writeString(app().resolve("compose.yaml"), APP.replace("depends_on: [db]", "").replaceAll("(?s)  db:.*?networks: \\[back\\]\n", ""));
    Command.Result warned = compose("up", "-d");
    assertThat(warned.exitCode()).as(warned.toString()).isZero();
    assertThat(warned.stderr()).contains("Found orphan containers ([my_app-db-1])");
    Command.Result removed = compose("up", "-d", "--remove-orphans");
    assertThat(removed.stderr()).contains("Container my_app-db-1  Removed");
    assertThat(ok(compose("ps", "--format", "{{.Service}}"))).isEqualTo("web");

    // without any file, -p finds the project by its labels
    Files.delete(app().resolve("compose.yaml"));
    List<String> ps = List.of("sh", "-c", "cd \"$0\" && exec \"$1\" compose -p my_app ps --format '{{.Name}}'", dir.toString(),
        BerthDaemon.BERTH.toString());
    assertThat(ok(Command.run(env(), null, ps))).isEqualTo("my_app-web-1");
    List<String> down = List.of("sh", "-c", "cd \"$0\" && exec \"$1\" compose -p my_app down -v -t 0", dir.toString(),
        BerthDaemon.BERTH.toString());
    Command.Result d = Command.run(env(), null, down);
    assertThat(d.exitCode()).as(d.toString()).isZero();
    assertThat(ok(daemon.berth("ps", "-aq", "--filter", "label=com.docker.compose.project=my_app"))).isEmpty();
    assertThat(ok(daemon.berth("network", "ls"))).doesNotContain("my_app_");
    assertThat(ok(daemon.berth("volume", "ls", "-q"))).doesNotContain("my_app_data");
  }

  @Test
  void serviceSettingsReachTheContainer() throws IOException {
    Files.writeString(app().resolve("token.txt"), "s3cret\n");
    Files.writeString(app().resolve("app.conf"), "conf=1\n");
    Files.writeString(app().resolve("app.env"), "FROM_FILE=yes\n");
    Files.writeString(app().resolve("compose.yaml"), """
        services:
          box:
            image: busybox
            init: true
            command: ["sleep", "300"]
            hostname: boxhost
            working_dir: /tmp
            user: "1000"
            labels: {com.example.role: box}
            env_file: app.env
            extra_hosts: ["db.local:10.1.2.3"]
            tmpfs: [/scratch]
            restart: unless-stopped
            cap_add: [NET_ADMIN]
            stop_signal: SIGINT
            secrets: [token]
            configs:
              - source: appconf
                target: /etc/app.conf
        secrets:
          token: {file: ./token.txt}
        configs:
          appconf: {file: ./app.conf}
        """);
    Command.Result up = compose("up", "-d");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(ok(compose("exec", "-T", "box", "cat", "/run/secrets/token"))).isEqualTo("s3cret");
    assertThat(ok(compose("exec", "-T", "box", "cat", "/etc/app.conf"))).isEqualTo("conf=1");
    assertThat(ok(compose("exec", "-T", "box", "sh", "-c", "hostname; pwd; id -u; echo $FROM_FILE; grep db.local /etc/hosts")))
        .isEqualTo("boxhost\n/tmp\n1000\nyes\n10.1.2.3\tdb.local");
    assertThat(ok(daemon.berth("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}} {{index .Config.Labels \"com.example.role\"}} "
        + "{{.Config.StopSignal}} {{.HostConfig.CapAdd}}", "my_app-box-1"))).isEqualTo("unless-stopped box SIGINT [NET_ADMIN]");
    assertThat(ok(compose("exec", "-T", "box", "sh", "-c", "grep ' /scratch ' /proc/mounts | cut -d' ' -f3"))).isEqualTo("tmpfs");
  }
}
