package dev.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.StreamFrames;
import dev.berth.api.StreamType;
import dev.berth.cli.Main;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.json.Json;
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

class ExecCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private static Map<String, Object> body(String... args) throws Exception {
    ParsedArgs a = ExecCommand.options().parse(List.of(args));
    return ExecCommand.createBody(a, Map.of("HOME_VAR", "/root"), null);
  }

  private int berth(FakeDaemon d, String stdin, String... args) {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    return Main.run(List.of(args), o, e, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        Map.of("BERTH_HOST", d.uri()));
  }

  @Test
  void mapsFlagsToExecCreateBody() throws Exception {
    Path envFile = dir.resolve("env");
    Files.writeString(envFile, "# comment\nFROM_FILE=1\nHOME_VAR\nUNSET_VAR\n");
    Map<String, Object> b = body("-i", "-t", "-e", "X=1", "-e", "HOME_VAR", "-e", "UNSET", "--env-file", envFile.toString(),
        "-u", "1000:1000", "-w", "/tmp", "--privileged", "--detach-keys", "ctrl-a", "web", "sh", "-c", "echo -e hi");
    assertThat(b.get("User")).isEqualTo("1000:1000");
    assertThat(b.get("Privileged")).isEqualTo(true);
    assertThat(b.get("Tty")).isEqualTo(true);
    assertThat(b.get("AttachStdin")).isEqualTo(true);
    assertThat(b.get("AttachStdout")).isEqualTo(true);
    assertThat(b.get("AttachStderr")).isEqualTo(true);
    assertThat(b.get("DetachKeys")).isEqualTo("ctrl-a");
    assertThat(b.get("Env")).isEqualTo(List.of("FROM_FILE=1", "HOME_VAR=/root", "X=1", "HOME_VAR=/root", "UNSET"));
    assertThat(b.get("WorkingDir")).isEqualTo("/tmp");
    assertThat(b.get("Cmd")).isEqualTo(List.of("sh", "-c", "echo -e hi"));
    assertThat(b).doesNotContainKey("ConsoleSize");
  }

  @Test
  void defaultsAttachOutputOnlyAndSendDockersShape() throws Exception {
    Map<String, Object> b = body("web", "ls");
    assertThat(Json.write(b)).isEqualTo("{\"User\":\"\",\"Privileged\":false,\"Tty\":false,\"AttachStdin\":false,"
        + "\"AttachStderr\":true,\"AttachStdout\":true,\"DetachKeys\":\"\",\"Env\":null,\"WorkingDir\":\"\",\"Cmd\":[\"ls\"]}");
  }

  @Test
  void detachAttachesNothingEvenWithInteractive() throws Exception {
    Map<String, Object> b = body("-d", "-i", "web", "sleep", "10");
    assertThat(b.get("AttachStdin")).isEqualTo(false);
    assertThat(b.get("AttachStdout")).isEqualTo(false);
    assertThat(b.get("AttachStderr")).isEqualTo(false);
    assertThat(b.get("Cmd")).isEqualTo(List.of("sleep", "10"));
  }

  @Test
  void optionsStopAtContainerName() throws Exception {
    Map<String, Object> b = body("-u", "0", "web", "ls", "-la", "-u", "--tty");
    assertThat(b.get("User")).isEqualTo("0");
    assertThat(b.get("Tty")).isEqualTo(false);
    assertThat(b.get("Cmd")).isEqualTo(List.of("ls", "-la", "-u", "--tty"));
  }

  @Test
  void consoleSizeWhenKnown() throws Exception {
    ParsedArgs a = ExecCommand.options().parse(List.of("-t", "web", "sh"));
    assertThat(ExecCommand.createBody(a, Map.of(), new int[] {40, 120}).get("ConsoleSize")).isEqualTo(List.of(40L, 120L));
    assertThat(ExecCommand.startBody(false, true, null)).isEqualTo(Map.of("Detach", false, "Tty", true));
  }

  private static FakeDaemon.Handler daemon(int exitCode, List<String> stdinSeen) {
    return (req, o, in) -> {
      String t = req.target();
      if (t.equals("/v1.51/containers/web/json")) {
        o.write(FakeDaemon.json(200, "{\"Id\":\"c1\",\"Config\":{\"Tty\":false}}").getBytes());
      } else if (t.equals("/v1.51/containers/web/exec")) {
        o.write(FakeDaemon.json(201, "{\"Id\":\"e1\"}").getBytes());
      } else if (t.equals("/v1.51/exec/e1/start")) {
        if (req.bodyText().contains("\"Detach\":true")) {
          o.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes());
          return;
        }
        o.write("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n".getBytes());
        o.flush();
        if (stdinSeen != null) {
          stdinSeen.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        o.write(StreamFrames.frame(StreamType.STDOUT, "hi\n".getBytes(), 0, 3));
        o.write(StreamFrames.frame(StreamType.STDERR, "oops\n".getBytes(), 0, 5));
      } else if (t.equals("/v1.51/exec/e1/json")) {
        o.write(FakeDaemon.json(200, "{\"ID\":\"e1\",\"Running\":false,\"ExitCode\":" + exitCode + "}").getBytes());
      } else {
        o.write(FakeDaemon.json(404, "{\"message\":\"unexpected " + t + "\"}").getBytes());
      }
    };
  }

  private static List<String> targets(FakeDaemon d) {
    return d.requests.stream().map(r -> r.method() + " " + r.target()).toList();
  }

  @Test
  void execStreamsOutputAndExitsWithExitCode() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir, daemon(3, null))) {
      assertThat(berth(d, "", "exec", "-e", "A=1", "web", "echo", "hi")).isEqualTo(3);
      assertThat(out.toString()).isEqualTo("hi\n");
      assertThat(err.toString()).isEqualTo("oops\n");
      assertThat(targets(d)).containsExactly("GET /v1.51/containers/web/json", "POST /v1.51/containers/web/exec",
          "POST /v1.51/exec/e1/start", "GET /v1.51/exec/e1/json");
      Map<?, ?> create = (Map<?, ?>) Json.parse(d.requests.get(1).bodyText());
      assertThat(create.get("Env")).isEqualTo(List.of("A=1"));
      assertThat(create.get("Cmd")).isEqualTo(List.of("echo", "hi"));
      FakeDaemon.Request start = d.requests.get(2);
      assertThat(Json.parse(start.bodyText())).isEqualTo(Map.of("Detach", false, "Tty", false));
      assertThat(start.head()).contains("connection: upgrade").contains("upgrade: tcp");
    }
  }

  @Test
  void interactiveForwardsStdinAndHalfCloses() throws Exception {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (FakeDaemon d = new FakeDaemon(dir, daemon(0, seen))) {
      assertThat(berth(d, "typed input\n", "container", "exec", "-i", "web", "cat")).isZero();
      assertThat(seen).containsExactly("typed input\n");
      assertThat(out.toString()).isEqualTo("hi\n");
      assertThat(((Map<?, ?>) Json.parse(d.requests.get(1).bodyText())).get("AttachStdin")).isEqualTo(true);
    }
  }

  @Test
  void commandNotFoundExitCodePassesThrough() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir, daemon(127, null))) {
      assertThat(berth(d, "", "exec", "web", "nope")).isEqualTo(127);
    }
  }

  @Test
  void detachedStartsAndExitsZero() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir, daemon(0, null))) {
      assertThat(berth(d, "", "exec", "-d", "web", "sleep", "5")).isZero();
      assertThat(out.toString()).isEmpty();
      assertThat(targets(d)).containsExactly("GET /v1.51/containers/web/json", "POST /v1.51/containers/web/exec",
          "POST /v1.51/exec/e1/start");
      assertThat(Json.parse(d.requests.get(2).bodyText())).isEqualTo(Map.of("Detach", true, "Tty", false));
    }
  }

  @Test
  void daemonErrorsExitOne() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, req -> req.target().endsWith("/json")
        ? FakeDaemon.json(200, "{\"Id\":\"c1\"}")
        : FakeDaemon.json(409, "{\"message\":\"container c1 is not running\"}"))) {
      assertThat(berth(d, "", "exec", "web", "ls")).isEqualTo(1);
      assertThat(err.toString()).isEqualTo("Error response from daemon: container c1 is not running\n");
    }
  }

  @Test
  void noSuchContainerWinsBeforeCreate() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, req -> FakeDaemon.json(404, "{\"message\":\"No such container: nope\"}"))) {
      assertThat(berth(d, "", "exec", "-it", "nope", "sh")).isEqualTo(1);
      assertThat(err.toString()).isEqualTo("Error response from daemon: No such container: nope\n");
      assertThat(d.requests).hasSize(1);
    }
  }

  @Test
  void needsContainerAndCommand() throws Exception {
    try (FakeDaemon d = FakeDaemon.simple(dir, req -> FakeDaemon.json(500, "{}"))) {
      assertThat(berth(d, "", "exec", "web")).isEqualTo(1);
      assertThat(err.toString()).startsWith("\"berth exec\" requires at least 2 arguments.\n");
      assertThat(d.requests).isEmpty();
    }
  }

  @Test
  void ttyWithoutTerminalIsRefused() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir, daemon(0, null))) {
      assertThat(berth(d, "", "exec", "-it", "web", "sh")).isEqualTo(1);
      assertThat(err.toString()).isEqualTo("the input device is not a TTY\n");
      assertThat(d.requests).hasSize(1);
    }
  }
}
