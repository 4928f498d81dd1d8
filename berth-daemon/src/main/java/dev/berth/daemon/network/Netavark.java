package dev.berth.daemon.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

  private String run(String command, Path netns, ObjectNode options) throws IOException {
    List<String> cmd = List.of(binary.toString(), "--config", configDir.toString(), "--rootless=false",
        "--aardvark-binary=" + (aardvark == null ? "/usr/lib/podman/aardvark-dns" : aardvark), command,
        netns.toString());
    Process p = new ProcessBuilder(cmd).start();
    try (var in = p.getOutputStream()) {
      in.write(Json.plain().writeValueAsBytes(options));
    }
    var err = new java.util.concurrent.CompletableFuture<String>();
    Thread.ofVirtual().start(() -> {
      try {
        err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        err.complete("");
      }
    });
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("netavark " + command + " timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      String why = err.join().strip();
      try {
        JsonNode n = Json.plain().readTree(why);
        why = n.path("error").asText(why);
      } catch (IOException notJson) {
        // plain text
      }
      throw new IOException("netavark " + command + ": " + why);
    }
    return out;
  }
}
