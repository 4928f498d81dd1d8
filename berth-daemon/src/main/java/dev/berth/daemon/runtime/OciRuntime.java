package dev.berth.daemon.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Json;
import dev.berth.daemon.sys.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The OCI runtime (runc or crun) as Berth drives it, with its own state root under the exec root
 * so it never sees, or is seen by, another engine's containers on the same host.
 */
public final class OciRuntime {
  private final String name;
  private final Path binary;
  private final Path stateRoot;

  public OciRuntime(String name, Path binary, Path stateRoot) throws IOException {
    this.name = name;
    this.binary = binary;
    this.stateRoot = Files.createDirectories(stateRoot);
  }

  public String name() {
    return name;
  }

  public Path binary() {
    return binary;
  }

  /** Global arguments every invocation carries (also handed to conmon as runtime args). */
  public List<String> globalArgs() {
    return List.of("--root", stateRoot.toString());
  }

  private List<String> command(String... args) {
    List<String> c = new ArrayList<>();
    c.add(binary.toString());
    c.addAll(globalArgs());
    c.addAll(List.of(args));
    return c;
  }

  /** Whether the runtime holds state for this container (created, running or stopped, not deleted). */
  public boolean exists(String id) {
    return Files.isDirectory(stateRoot.resolve(id));
  }

  /** The command that runs one more process in a running container, described by a process.json. */
  public List<String> execCommand(String id, Path processJson) {
    return command("exec", "--process", processJson.toString(), id);
  }

  /** As {@link #execCommand(String, Path)}, writing the process's host PID to {@code pidFile}. */
  public List<String> execCommand(String id, Path processJson, Path pidFile) {
    return command("exec", "--process", processJson.toString(), "--pid-file", pidFile.toString(), id);
  }

  /**
   * The command that runs one more process with a terminal: detached (runc hands a terminal's
   * master only to a console socket, and only when it detaches), the pid written to
   * {@code pidFile}. {@code consoleSocket} is resolved against the command's working directory.
   */
  public List<String> execTtyCommand(String id, Path processJson, String consoleSocket, Path pidFile) {
    return command("exec", "--detach", "--console-socket", consoleSocket, "--pid-file", pidFile.toString(),
        "--process", processJson.toString(), id);
  }

  /** Starts a created container's process. */
  public void start(String id) throws IOException {
    check(CommandRunner.run(command("start", id), 30), "start");
  }

  /** Sends a signal to the container's init ({@code all} for every process). */
  public void kill(String id, String signal, boolean all) throws IOException {
    CommandRunner.Result r = all
        ? CommandRunner.run(command("kill", "--all", id, signal), 30)
        : CommandRunner.run(command("kill", id, signal), 30);
    check(r, "kill");
  }

  public void pause(String id) throws IOException {
    check(CommandRunner.run(command("pause", id), 30), "pause");
  }

  public void resume(String id) throws IOException {
    check(CommandRunner.run(command("resume", id), 30), "resume");
  }

  /**
   * Changes a running container's cgroup limits: {@code resources} is OCI {@code linux.resources}
   * JSON, which runc and crun both read with {@code update --resources -}.
   */
  public void update(String id, byte[] resources) throws IOException {
    check(CommandRunner.run(command("update", "--resources", "-", id), resources, 30), "update");
  }

  /** Forgets a container; a container the runtime never knew is fine. */
  public void delete(String id) throws IOException {
    CommandRunner.Result r = CommandRunner.run(command("delete", "--force", id), 30);
    if (!r.ok() && !r.error().contains("does not exist") && !r.error().contains("not found")) {
      throw new IOException(name + " delete: " + r.error());
    }
  }

  /** The runtime's view: {@code created}, {@code running}, {@code paused}, {@code stopped}; null if unknown. */
  public String state(String id) throws IOException {
    CommandRunner.Result r = CommandRunner.run(command("state", id), 30);
    if (!r.ok()) {
      return null;
    }
    JsonNode n = Json.plain().readTree(r.stdout());
    return n.path("status").asText(null);
  }

  /** PIDs of the container's processes (host view). */
  public List<Integer> pids(String id) throws IOException {
    CommandRunner.Result r = CommandRunner.run(command("ps", "--format", "json", id), 30);
    check(r, "ps");
    List<Integer> out = new ArrayList<>();
    JsonNode n = Json.plain().readTree(r.stdout().isBlank() ? "[]" : r.stdout());
    n.forEach(p -> out.add(p.asInt()));
    return out;
  }

  private void check(CommandRunner.Result r, String what) throws IOException {
    if (!r.ok()) {
      throw new RuntimeFailure(r.error().isEmpty() ? name + " " + what + " failed" : r.error());
    }
  }

  /** A failure the runtime reported; its message is the runtime's own words. */
  public static final class RuntimeFailure extends IOException {
    public RuntimeFailure(String message) {
      super(message);
    }
  }
}
