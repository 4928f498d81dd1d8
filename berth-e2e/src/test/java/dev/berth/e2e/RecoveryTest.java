package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Containers outlive berthd: a kill -9 of the daemon loses nothing that was acknowledged. */
class RecoveryTest {
  BerthDaemon daemon;

  @BeforeEach
  void start() throws Exception {
    daemon = BerthDaemon.start();
    daemon.importBusybox();
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  @Test
  void runningContainersSurviveADaemonCrashAndAreReadopted() throws Exception {
    Command.Result run = daemon.berth("run", "-d", "--name", "ticker", "busybox", "sh", "-c",
        "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    daemon.berth("run", "-d", "--name", "short", "busybox", "sh", "-c", "sleep 1; exit 5");
    Thread.sleep(300);
    daemon.crash();
    Thread.sleep(1500); // meanwhile ticker keeps logging and short exits
    daemon.launch();

    Command.Result ps = daemon.docker("ps", "--format", "{{.Names}} {{.Status}}");
    assertThat(ps.stdout()).contains("ticker Up");
    Command.Result shortState = daemon.docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "short");
    assertThat(shortState.stdout().strip()).isEqualTo("exited 5");
    // lines written while berthd was down are in the log
    String logs = daemon.docker("logs", "ticker").stdout();
    assertThat(logs.lines().count()).isGreaterThan(6);
    assertThat(daemon.docker("stop", "-t", "1", "ticker").exitCode()).isZero();
    assertThat(daemon.docker("inspect", "-f", "{{.State.Status}}", "ticker").stdout().strip()).isEqualTo("exited");
    assertThat(daemon.docker("rm", "ticker", "short").exitCode()).isZero();
    assertThat(daemon.mountsUnderExecRoot()).isEmpty();
  }

  @Test
  void publishedPortsAndAddressesSurviveADaemonCrash() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Command.Result run = daemon.docker("run", "-d", "--name", "web", "-p", "127.0.0.1:" + port + ":80", "busybox", "sh",
        "-c", "mkdir -p /www; echo still-here > /www/index.html; exec httpd -f -p 80 -h /www");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String before = daemon.docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "web").stdout().strip();
    daemon.crash();
    daemon.launch();
    assertThat(fetch(port)).isEqualTo("still-here\n");
    // the adopted address is not handed out again
    String other = daemon.docker("run", "--rm", "busybox", "sh", "-c", "ip -4 -o addr show eth0").stdout();
    assertThat(other).doesNotContain("inet " + before + "/");
    assertThat(daemon.docker("rm", "-f", "web").exitCode()).isZero();
  }

  private static String fetch(int port) throws Exception {
    var http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(3)).build();
    var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(java.time.Duration.ofSeconds(3)).build();
    for (int i = 0; ; i++) {
      try {
        return http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      } catch (java.io.IOException notYet) {
        if (i > 50) {
          throw notYet;
        }
        Thread.sleep(100);
      }
    }
  }

  @Test
  void alwaysContainersComeBackWithTheDaemon() throws Exception {
    assertThat(daemon.docker("run", "-d", "--name", "keeper", "--restart", "always", "busybox", "sleep", "300")
        .exitCode()).isZero();
    assertThat(daemon.docker("run", "-d", "--name", "stopped", "--restart", "unless-stopped", "busybox", "sleep",
        "300").exitCode()).isZero();
    assertThat(daemon.docker("stop", "-t", "1", "stopped").exitCode()).isZero();
    daemon.crash();
    // as after a reboot: the container's process and its monitor are gone
    killContainerProcesses();
    daemon.launch();
    String state = "";
    for (int i = 0; i < 50 && !state.startsWith("true"); i++) {
      state = daemon.docker("inspect", "-f", "{{.State.Running}}", "keeper").stdout().strip();
      Thread.sleep(100);
    }
    assertThat(state).isEqualTo("true");
    assertThat(daemon.docker("inspect", "-f", "{{.State.Running}}", "stopped").stdout().strip()).isEqualTo("false");
    assertThat(daemon.docker("rm", "-f", "keeper", "stopped").exitCode()).isZero();
  }

  /** Ends every container monitor (and so its container) this daemon started, as a reboot would. */
  private void killContainerProcesses() throws Exception {
    java.nio.file.Path containers = daemon.execRoot().resolve("containers");
    try (var dirs = java.nio.file.Files.list(containers)) {
      for (java.nio.file.Path d : dirs.toList()) {
        for (String f : java.util.List.of("pidfile", "conmon.pid")) {
          java.nio.file.Path p = d.resolve(f);
          if (java.nio.file.Files.exists(p)) {
            long pid = Long.parseLong(java.nio.file.Files.readString(p).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
      }
    }
    Thread.sleep(500);
  }

  @Test
  void imagesAndStoppedContainersPersistAcrossACrash() throws Exception {
    daemon.berth("tag", "busybox", "kept:1");
    daemon.berth("create", "--name", "made", "busybox", "true");
    daemon.crash();
    daemon.launch();
    assertThat(daemon.berth("images", "--format", "{{.Repository}}:{{.Tag}}").stdout()).contains("kept:1",
        "busybox:latest");
    Command.Result start = daemon.berth("start", "-a", "made");
    assertThat(start.exitCode()).as(start.toString()).isZero();
  }

  @Test
  void aSecondDaemonOnTheSameDataRootIsRefused() throws Exception {
    Command.Result r = Command.run(java.util.Map.of(), null, Command.args(BerthDaemon.BERTHD, "-H",
        "unix://" + daemon.socket() + "2", "--data-root", daemon.dataRoot().toString(), "--exec-root",
        daemon.execRoot() + "2"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("another berthd is using the data root");
    assertThat(daemon.ping()).isTrue();
  }
}
