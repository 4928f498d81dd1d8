package dev.berth.daemon.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.sys.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * netavark, Podman's network backend, as Berth drives it: {@code setup} and {@code teardown} of
 * one container's network namespace, with the network and the container's part of it described
 * in a JSON document on stdin. It makes the bridge, the veth pair, the address and the firewall
 * rules for published ports; Berth keeps the address allocation.
 */
final class Netavark {
  private static final List<Path> SEARCH = List.of(Path.of("/usr/lib/podman"), Path.of("/usr/libexec/podman"),
      Path.of("/usr/local/lib/podman"), Path.of("/usr/bin"), Path.of("/usr/local/bin"));
  private final Path binary;
  private final Path aardvark;
  private final Path configDir;

  Netavark(Path binary, Path aardvark, Path configDir) throws IOException {
    this.binary = binary;
    this.aardvark = aardvark;
    this.configDir = Files.createDirectories(configDir);
  }

  static Path find(String name) {
    for (Path dir : SEARCH) {
      Path p = dir.resolve(name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Sets the namespace up; returns netavark's answer (interfaces, MAC and addresses). */
  JsonNode setup(Path netns, ObjectNode options) throws IOException {
    return Json.plain().readTree(run("setup", netns, options));
  }

  void teardown(Path netns, ObjectNode options) throws IOException {
    run("teardown", netns, options);
  }

  /**
   * One netavark at a time per daemon, as Podman holds a lock around it: two setups on a network
   * whose bridge does not exist yet race to create it, and the loser fails with no message.
   */
  private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

  private String run(String command, Path netns, ObjectNode options) throws IOException {
    lock.lock();
    try {
      return runLocked(command, netns, options);
    } finally {
      lock.unlock();
    }
  }

  private String runLocked(String command, Path netns, ObjectNode options) throws IOException {
    List<String> cmd = List.of(binary.toString(), "--config", configDir.toString(), "--rootless=false",
        "--aardvark-binary=" + (aardvark == null ? "/usr/lib/podman/aardvark-dns" : aardvark), command,
        netns.toString());
    CommandRunner.Result r = CommandRunner.run(cmd, Json.plain().writeValueAsBytes(options), 30);
    if (!r.ok()) {
      String why = r.stderr().strip();
      try {
        why = Json.plain().readTree(why).path("error").asText(why);
      } catch (IOException notJson) {
        // plain text
      }
      throw new IOException("netavark " + command + ": " + (why.isEmpty() ? "exit status " + r.exitCode() : why));
    }
    return r.stdout();
  }
}
