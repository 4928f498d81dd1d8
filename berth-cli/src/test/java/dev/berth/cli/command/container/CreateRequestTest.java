package dev.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.args.ParsedArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateRequestTest {
  @TempDir Path dir;

  private CreateRequest build(boolean detach, String... args) throws Exception {
    ParsedArgs a = ContainerFlags.declare(true).parse(List.of(args));
    return CreateRequest.from(a, detach, Map.of("HOME_VAR", "/root"));
  }

  @Test
  void mapsFlagsToCreateBody() throws Exception {
    Path envFile = dir.resolve("env");
    Files.writeString(envFile, "# comment\nFROM_FILE=1\nHOME_VAR\n\nUNSET_VAR\n");
    CreateRequest r = build(false, "-it", "-e", "X=1", "-e", "HOME_VAR", "--env-file", envFile.toString(), "-w", "/tmp",
        "-u", "1000:1000", "--entrypoint", "/bin/sh", "-l", "a=b", "-h", "box", "--network", "none", "--stop-signal",
        "SIGINT", "--stop-timeout", "5", "--restart", "on-failure:3", "-p", "127.0.0.1:8080:80", "-m", "64m", "--cpus",
        "1.5", "-v", "/host:/data:ro", "busybox", "sh", "-c", "echo hi");
    Map<String, Object> b = r.body();
    assertThat(b.get("Image")).isEqualTo("busybox");
    assertThat(b.get("Cmd")).isEqualTo(List.of("sh", "-c", "echo hi"));
    assertThat(b.get("Entrypoint")).isEqualTo(List.of("/bin/sh"));
    assertThat(b.get("Env")).isEqualTo(List.of("FROM_FILE=1", "HOME_VAR=/root", "X=1", "HOME_VAR=/root"));
    assertThat(b.get("Tty")).isEqualTo(true);
    assertThat(b.get("OpenStdin")).isEqualTo(true);
    assertThat(b.get("AttachStdin")).isEqualTo(true);
    assertThat(b.get("StdinOnce")).isEqualTo(true);
    assertThat(b.get("WorkingDir")).isEqualTo("/tmp");
    assertThat(b.get("User")).isEqualTo("1000:1000");
    assertThat(b.get("Hostname")).isEqualTo("box");
    assertThat(b.get("Labels")).isEqualTo(Map.of("a", "b"));
    assertThat(b.get("StopSignal")).isEqualTo("SIGINT");
    assertThat(b.get("StopTimeout")).isEqualTo(5L);
    assertThat(b.get("ExposedPorts")).isEqualTo(Map.of("80/tcp", Map.of()));
    Map<?, ?> h = (Map<?, ?>) b.get("HostConfig");
    assertThat(h.get("NetworkMode")).isEqualTo("none");
    assertThat(h.get("RestartPolicy")).isEqualTo(Map.of("Name", "on-failure", "MaximumRetryCount", 3L));
    assertThat(h.get("PortBindings")).isEqualTo(Map.of("80/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "8080"))));
    assertThat(h.get("Memory")).isEqualTo(64L << 20);
    assertThat(h.get("NanoCpus")).isEqualTo(1_500_000_000L);
    assertThat(h.get("Binds")).isEqualTo(List.of("/host:/data:ro"));
  }

  @Test
  void detachedRunAttachesNothing() throws Exception {
    CreateRequest r = build(true, "-d", "busybox");
    assertThat(r.body().get("AttachStdout")).isEqualTo(false);
    assertThat(r.body().get("Cmd")).isNull();
    assertThat(r.body().get("Entrypoint")).isNull();
  }

  @Test
  void exitCodeForStartFailures() {
    assertThat(Containers.startFailureCode("exec: \"x\": executable file not found in $PATH")).isEqualTo(127);
    assertThat(Containers.startFailureCode("open /x: no such file or directory")).isEqualTo(127);
    assertThat(Containers.startFailureCode("exec /etc: permission denied")).isEqualTo(126);
    assertThat(Containers.startFailureCode("the command cannot be invoked")).isEqualTo(126);
    assertThat(Containers.startFailureCode("boom")).isEqualTo(125);
  }
}
