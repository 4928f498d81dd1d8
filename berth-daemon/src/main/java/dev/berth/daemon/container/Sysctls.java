package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiException;
import java.util.Set;

/**
 * {@code --sysctl}: only the kernel settings that belong to a namespace the container owns, as
 * Docker allows them: the IPC ones ({@code kernel.msg*}, {@code kernel.sem}, {@code kernel.shm*},
 * {@code fs.mqueue.*}) and {@code net.*}, the latter only with a network namespace of its own,
 * since with {@code --network host} it would change the host's settings.
 */
final class Sysctls {
  private static final Set<String> IPC = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
      "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

  private Sysctls() {}

  static void validate(JsonNode hostConfig, String networkMode) {
    hostConfig.path("Sysctls").fieldNames().forEachRemaining(k -> {
      if (k.startsWith("net.")) {
        if (networkMode.equals("host")) {
          throw ApiException.badRequest("sysctl \"" + k + "\" is not allowed with --network host: it would change"
              + " the host's network settings");
        }
        if (networkMode.startsWith("container:")) {
          throw ApiException.badRequest("sysctl \"" + k + "\" is not allowed with --network container:...: set it"
              + " on the container that owns the network namespace");
        }
        return;
      }
      if (!IPC.contains(k) && !k.startsWith("fs.mqueue.")) {
        throw ApiException.badRequest("sysctl \"" + k + "\" is not allowed: only namespaced sysctls (net.*, "
            + "fs.mqueue.*, kernel.msg*, kernel.sem, kernel.shm*) can be set in a container");
      }
      if (hostConfig.path("IpcMode").asText("").equals("host")) {
        throw ApiException.badRequest("sysctl \"" + k + "\" is not allowed with --ipc host");
      }
    });
  }

  static ObjectNode toOci(JsonNode hostConfig) {
    JsonNode s = hostConfig.path("Sysctls");
    if (!s.isObject() || s.isEmpty()) {
      return null;
    }
    ObjectNode out = Json.plain().createObjectNode();
    s.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
