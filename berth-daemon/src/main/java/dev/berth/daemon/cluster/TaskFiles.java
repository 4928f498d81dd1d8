package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.cluster.store.ClusterStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;

/**
 * The secrets and configs a task names, written for it alone under the exec root (a tmpfs on a
 * normal host, so secrets never reach the disk) and bound read-only into its container: secrets at
 * {@code /run/secrets/<name>}, configs at their target, as Swarm places them. Only the node that
 * runs the task reads them from the store.
 */
final class TaskFiles {
  private final Path root;

  TaskFiles(Path execRoot) {
    this.root = execRoot.resolve("swarm/task-files");
  }

  /** Writes the task's files and adds their read-only binds to the create request's HostConfig.Mounts. */
  void materialize(ClusterStore store, String taskId, JsonNode template, ObjectNode createRequest) throws IOException {
    JsonNode cs = template.path("ContainerSpec");
    if (cs.path("Secrets").isEmpty() && cs.path("Configs").isEmpty()) {
      return;
    }
    Path dir = root.resolve(safe(taskId));
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    ObjectNode host = (ObjectNode) createRequest.path("HostConfig");
    ArrayNode mounts = host.path("Mounts").isArray() ? (ArrayNode) host.path("Mounts") : host.putArray("Mounts");
    for (String kind : new String[] {"Secrets", "Configs"}) {
      boolean secret = kind.equals("Secrets");
      for (JsonNode ref : cs.path(kind)) {
        String id = ref.path(secret ? "SecretID" : "ConfigID").asText();
        String name = ref.path(secret ? "SecretName" : "ConfigName").asText(id);
        Optional<ClusterStore.Entry> e = store.get((secret ? Keys.SECRETS : Keys.CONFIGS) + id);
        if (e.isEmpty()) {
          throw new IOException((secret ? "secret " : "config ") + name + " not found");
        }
        JsonNode obj = Json.tree(e.get().value().getBytes(StandardCharsets.UTF_8));
        byte[] data = Base64.getDecoder().decode(obj.path("Spec").path("Data").asText(""));
        String fileName = ref.path("File").path("Name").asText(name);
        String target = fileName.startsWith("/") ? fileName : secret ? "/run/secrets/" + fileName : "/" + fileName;
        Path file = dir.resolve((secret ? "s-" : "c-") + safe(id));
        Files.write(file, data);
        int mode = ref.path("File").path("Mode").asInt(secret ? 0444 : 0444);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms(mode)));
        ObjectNode m = mounts.addObject();
        m.put("Type", "bind").put("Source", file.toString()).put("Target", target).put("ReadOnly", true);
      }
    }
  }

  /** Removes a task's files once its container is gone. */
  void forget(String taskId) {
    Path dir = root.resolve(safe(taskId));
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a later forget or the next leave removes it
    }
  }

  private static String safe(String id) {
    if (!id.matches("[0-9A-Za-z]+")) {
      throw new IllegalArgumentException("invalid object ID " + id);
    }
    return id;
  }

  private static String perms(int mode) {
    StringBuilder b = new StringBuilder();
    String rwx = "rwx";
    for (int shift = 6; shift >= 0; shift -= 3) {
      int bits = (mode >> shift) & 7;
      for (int i = 0; i < 3; i++) {
        b.append((bits & (4 >> i)) != 0 ? rwx.charAt(i) : '-');
      }
    }
    return b.toString();
  }
}
