package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interactive use on a real terminal, with the berth CLI and the docker CLI alike: {@code exec -it}
 * and {@code run -it} get a TTY that follows the window's size, the detach keys leave the container
 * running, {@code attach} joins a running container's terminal, and {@code exec -t} ends with its
 * command's status.
 */
class TtyTest extends SharedDaemonTest {
  private static final String CTRL_P_CTRL_Q = "\u0010\u0011";
  private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

  @BeforeEach
  void runTarget() {
    ok(daemon.berth("run", "-d", "--name", "target", "busybox", "sleep", "600"));
  }

  @AfterEach
  void removeContainers() {
    daemon.berth("rm", "-f", "target", "ttyrun-berth", "ttyrun-docker", "ttyatt-berth", "ttyatt-docker");
  }

  private static PtySession onTerminal(String cli, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(cli.equals("berth") ? BerthDaemon.BERTH.toString() : "docker");
    argv.addAll(List.of(args));
    return PtySession.start(daemon.env(), TMP, argv);
  }

  /** Types {@code stty size} until the shell reports {@code size}: a resize lands a moment after it is asked for. */
  private static void awaitSize(PtySession t, String size) throws InterruptedException {
    for (int i = 0; i < 100 && !t.shows(size); i++) {
      t.type("stty size\r");
      Thread.sleep(100);
    }
    t.expect(size);
  }

  @ParameterizedTest
  @ValueSource(strings = {"berth", "docker"})
  void execItGivesATerminalThatFollowsTheWindow(String cli) throws Exception {
    try (PtySession t = onTerminal(cli, "exec", "-it", "target", "sh")) {
      t.expect("# ").type("tty; stty size\r").expect("/dev/pts/").expect("33 99");
      t.resizeWindow(40, 120);
      awaitSize(t, "40 120");
      t.type("exit 3\r");
      assertThat(t.exitCode()).as(t.screen()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"berth", "docker"})
  void runItFollowsAResizeRequestAndTheDetachKeysLeaveItRunning(String cli) throws Exception {
    String name = "ttyrun-" + cli;
    try (PtySession t = onTerminal(cli, "run", "-it", "--name", name, "busybox", "sh")) {
      t.expect("# ").type("stty size\r").expect("33 99");
      assertThat(api("POST", "/containers/" + name + "/resize?h=41&w=123")).startsWith("200");
      awaitSize(t, "41 123");
      t.type(CTRL_P_CTRL_Q);
      assertThat(t.exitCode()).as(t.screen()).isZero();
    }
    assertThat(ok(daemon.berth("inspect", "-f", "{{.State.Running}}", name))).isEqualTo("true");
    // the shell is still there, its stdin still open, and answers through exec too
    assertThat(ok(daemon.berth("exec", name, "echo", "alive"))).isEqualTo("alive");
  }

  @ParameterizedTest
  @ValueSource(strings = {"berth", "docker"})
  void attachJoinsARunningTerminalAndCustomDetachKeysLeave(String cli) throws Exception {
    String name = "ttyatt-" + cli;
    ok(daemon.berth("run", "-dit", "--name", name, "busybox", "sh"));
    try (PtySession t = onTerminal(cli, "attach", "--detach-keys", "ctrl-x,x", name)) {
      t.type("echo attached-$((6*7))\r").expect("attached-42");
      t.type("\u0018x").expect("read escape sequence");
      assertThat(t.exitCode()).as(t.screen()).isEqualTo(1);
    }
    assertThat(ok(daemon.berth("inspect", "-f", "{{.State.Running}}", name))).isEqualTo("true");
    // and again with the default keys: stdin stayed open for the next client
    try (PtySession t = onTerminal(cli, "attach", name)) {
      t.type("echo again-$((6*7))\r").expect("again-42");
      t.type(CTRL_P_CTRL_Q).expect("read escape sequence");
      t.exitCode();
    }
    assertThat(ok(daemon.berth("inspect", "-f", "{{.State.Running}}", name))).isEqualTo("true");
  }

  @ParameterizedTest
  @ValueSource(strings = {"berth", "docker"})
  void execWithATerminalEndsWithItsCommandsStatus(String cli) throws Exception {
    try (PtySession t = onTerminal(cli, "exec", "-t", "target", "sh", "-c", "tty; exit 6")) {
      t.expect("/dev/pts/");
      assertThat(t.exitCode()).as(t.screen()).isEqualTo(6);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"berth", "docker"})
  void execItDetachesWithTheKeysAndTheProcessRunsOn(String cli) throws Exception {
    try (PtySession t = onTerminal(cli, "exec", "-it", "target", "sh")) {
      t.expect("# ").type("echo $$ > /tmp/exec-pid; echo ready-$((1+1))\r").expect("ready-2");
      t.type(CTRL_P_CTRL_Q).expect("read escape sequence");
      t.exitCode();
    }
    String pid = ok(daemon.berth("exec", "target", "cat", "/tmp/exec-pid"));
    assertThat(daemon.berth("exec", "target", "kill", "-0", pid).exitCode()).isZero();
  }

  @Test
  void detachedExecWithATerminalRecordsItsExitCode() throws Exception {
    String id = execCreate("{\"Cmd\":[\"sh\",\"-c\",\"exit 9\"],\"Tty\":true}");
    assertThat(api("POST", "/exec/" + id + "/start", "{\"Detach\":true,\"Tty\":true}")).startsWith("200");
    String inspect = "";
    for (int i = 0; i < 100; i++) {
      inspect = api("GET", "/exec/" + id + "/json");
      if (inspect.contains("\"Running\":false")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(inspect).contains("\"ExitCode\":9");
  }

  @Test
  void badDetachKeysAndSizesAreClearErrors() {
    Command.Result r = daemon.docker("exec", "--detach-keys", "ctrl-ab", "target", "true");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("Invalid detach keys (ctrl-ab) provided");
    Command.Result b = daemon.berth("attach", "--detach-keys", "nope", "target");
    assertThat(b.exitCode()).isEqualTo(1);
    assertThat(b.stderr()).contains("Invalid detach keys (nope) provided");
    assertThat(api("POST", "/containers/target/resize?h=abc&w=80")).startsWith("400").contains("invalid resize height");
    Command.Result stopped = daemon.berth("attach", "no-such-container");
    assertThat(stopped.exitCode()).isNotZero();
    assertThat(stopped.stderr()).contains("No such container");
  }

  private static String execCreate(String body) {
    String answer = api("POST", "/containers/target/exec", body);
    assertThat(answer).startsWith("201");
    int at = answer.indexOf("\"Id\":\"") + 6;
    return answer.substring(at, answer.indexOf('"', at));
  }

  private static String api(String method, String path) {
    return api(method, path, null);
  }

  /** One request with curl; returns the status code, a space, and the body. */
  private static String api(String method, String path, String json) {
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-w", "\n%{http_code}", "-X", method, "--unix-socket",
        daemon.socket().toString()));
    if (json != null) {
      cmd.addAll(List.of("-H", "Content-Type: application/json", "-d", json));
    }
    cmd.add("http://localhost" + path);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      int nl = out.lastIndexOf('\n');
      return out.substring(nl + 1) + " " + out.substring(0, Math.max(nl, 0));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
