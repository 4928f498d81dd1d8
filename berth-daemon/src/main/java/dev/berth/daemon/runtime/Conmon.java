package dev.berth.daemon.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import dev.berth.daemon.sys.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Launches conmon, the per-container monitor: it runs {@code <runtime> create}, holds the
 * container's stdio, writes its log and, when the container exits, its exit code to the exit
 * directory. It double-forks and outlives berthd, which is what lets containers, their logs and
 * exit codes survive a daemon restart.
 *
 * <p>Without conmon's sync pipe (Java cannot hand a child extra descriptors) the launch is
 * confirmed by the container pidfile appearing; a create that fails leaves conmon gone and no
 * pidfile, and the runtime's own error in its JSON log.
 */
public final class Conmon {
  private static final long CREATE_TIMEOUT_MS = 60_000;
  private final Path binary;
  private final OciRuntime runtime;
  private final Path exitDir;
  private final Path socketDir;

  /** One container's launch parameters. */
  public record Launch(String id, String name, Path bundle, Path logFile, long logSizeMax, boolean tty,
      boolean stdin, boolean stdinOnce) {}

  /** A created container: conmon's pid and the container's init pid. */
  public record Created(int conmonPid, int pid) {}

  public Conmon(Path binary, OciRuntime runtime, Path execRoot) throws IOException {
    this.binary = binary;
    this.runtime = runtime;
    this.exitDir = Files.createDirectories(execRoot.resolve("exits"));
    this.socketDir = Files.createDirectories(execRoot.resolve("sockets"));
  }

  public static Path find() {
    for (String dir : List.of("/usr/bin", "/usr/libexec/podman", "/usr/local/bin", "/usr/local/libexec/podman")) {
      Path p = Path.of(dir, "conmon");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  public Path exitDir() {
    return exitDir;
  }

  public Path exitFile(String id) {
    return exitDir.resolve(id);
  }

  /** The file conmon leaves when the kernel's OOM killer ended the container's run. */
  public static Path oomMarker(Path bundle) {
    return bundle.resolve("oom");
  }

  /** Whether the run that just ended was killed for want of memory. */
  public static boolean oomKilled(Path bundle) {
    return Files.exists(oomMarker(bundle));
  }

  /** Starts conmon and waits until the runtime has created the container (or failed to). */
  public Created create(Launch l) throws IOException {
    Path pidFile = l.bundle().resolve("pidfile");
    Path conmonPidFile = l.bundle().resolve("conmon.pid");
    Path runtimeLog = l.bundle().resolve("runtime.log");
    Files.deleteIfExists(pidFile);
    Files.deleteIfExists(conmonPidFile);
    Files.deleteIfExists(runtimeLog);
    Files.deleteIfExists(exitFile(l.id()));
    Files.deleteIfExists(oomMarker(l.bundle()));
    List<String> cmd = new ArrayList<>(List.of(binary.toString(),
        "--api-version", "1",
        "-c", l.id(), "-u", l.id(),
        "-r", runtime.binary().toString(),
        "-b", l.bundle().toString(),
        "-p", pidFile.toString(),
        "-n", l.name(),
        "--exit-dir", exitDir.toString(),
        // conmon marks an OOM kill with a file named "oom" in its persist directory and in its
        // working directory: both are the container's bundle, never berthd's own directory
        "--persist-dir", l.bundle().toString(),
        "--socket-dir-path", socketDir.toString(),
        "--full-attach",
        "-l", "k8s-file:" + l.logFile(),
        "--conmon-pidfile", conmonPidFile.toString(),
        "--log-level", "error"));
    for (String arg : runtime.globalArgs()) {
      cmd.add("--runtime-arg");
      cmd.add(arg);
    }
    // runc and crun both write their errors here, as JSON lines, where conmon would lose them
    cmd.addAll(List.of("--runtime-arg", "--log-format=json", "--runtime-arg", "--log=" + runtimeLog));
    if (l.logSizeMax() > 0) {
      cmd.addAll(List.of("--log-size-max", Long.toString(l.logSizeMax())));
    }
    if (l.tty()) {
      cmd.add("-t");
    }
    if (l.stdin()) {
      cmd.add("-i");
      if (l.tty() || !l.stdinOnce()) {
        // one client leaving (or detaching) must not close the container's stdin: Docker closes it
        // after the first attach only for StdinOnce without a terminal
        cmd.add("--leave-stdin-open");
      }
    }
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .directory(l.bundle().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.appendTo(l.bundle().resolve("conmon.err").toFile()));
    Process p;
    try {
      // conmon double-forks: its monitor must go to init, never to an exec's adoption window
      synchronized (dev.berth.daemon.sys.Subreaper.LOCK) {
        p = pb.start();
        p.waitFor();
      }
      long deadline = System.currentTimeMillis() + CREATE_TIMEOUT_MS;
      int conmonPid = -1;
      while (true) {
        if (Files.exists(pidFile)) {
          String pid = Files.readString(pidFile).trim();
          if (!pid.isEmpty()) {
            if (conmonPid < 0) {
              conmonPid = readPid(conmonPidFile);
            }
            return new Created(conmonPid, Integer.parseInt(pid));
          }
        }
        if (conmonPid < 0) {
          conmonPid = readPid(conmonPidFile);
        }
        if (conmonPid > 0 && !LibC.kill(conmonPid, 0) && !Files.exists(pidFile)) {
          throw new OciRuntime.RuntimeFailure(failureReason(l.bundle(), runtimeLog));
        }
        if (p.exitValue() != 0 && conmonPid < 0) {
          throw new OciRuntime.RuntimeFailure(failureReason(l.bundle(), runtimeLog));
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IOException("timed out waiting for the container to be created");
        }
        Thread.sleep(1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while creating the container", e);
    }
  }

  private static int readPid(Path file) throws IOException {
    try {
      String s = Files.readString(file).trim();
      return s.isEmpty() ? -1 : Integer.parseInt(s);
    } catch (java.nio.file.NoSuchFileException e) {
      return -1;
    }
  }

  /** The runtime's last error from its JSON log, else conmon's stderr. */
  private static String failureReason(Path bundle, Path runtimeLog) throws IOException {
    String reason = null;
    if (Files.exists(runtimeLog)) {
      for (String line : Files.readAllLines(runtimeLog)) {
        try {
          JsonNode n = Json.plain().readTree(line);
          if ("error".equals(n.path("level").asText())) {
            reason = n.path("msg").asText();
          }
        } catch (IOException notJson) {
          reason = line;
        }
      }
    }
    if (reason == null) {
      Path err = bundle.resolve("conmon.err");
      reason = Files.exists(err) ? Files.readString(err).strip() : "";
      if (reason.isEmpty()) {
        reason = "the OCI runtime failed to create the container";
      }
    }
    return reason;
  }
}
