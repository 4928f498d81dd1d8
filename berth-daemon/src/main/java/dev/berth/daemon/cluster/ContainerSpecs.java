package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;

/**
 * Turns a task's template into the Engine API create request the node's engine runs, the way
 * Swarm's executor does: {@code ContainerSpec.Command} replaces the image's entrypoint and
 * {@code Args} its command; the task's identity goes in the {@code com.docker.swarm.*} labels that
 * {@code docker service logs} and {@code ps} read back.
 */
final class ContainerSpecs {
  private ContainerSpecs() {}

  /** The container's name: {@code <service>.<slot>.<task id>}, or {@code <service>.<node id>.<task id>} when global. */
  static String containerName(String serviceName, Task t) {
    return serviceName + "." + (t.slot() > 0 ? Integer.toString(t.slot()) : t.nodeId()) + "." + t.id();
  }

  static ObjectNode createRequest(JsonNode template, String serviceId, String serviceName, Task t, String nodeId) {
    JsonNode cs = template.path("ContainerSpec");
    ObjectNode req = Json.api().createObjectNode();
    req.put("Image", cs.path("Image").asText());
    if (cs.path("Command").isArray() && !cs.path("Command").isEmpty()) {
      req.set("Entrypoint", cs.path("Command").deepCopy());
    }
    if (cs.path("Args").isArray() && !cs.path("Args").isEmpty()) {
      req.set("Cmd", cs.path("Args").deepCopy());
    }
    copy(cs, "Env", req, "Env");
    copyText(cs, "Dir", req, "WorkingDir");
    copyText(cs, "User", req, "User");
    copyText(cs, "Hostname", req, "Hostname");
    copyText(cs, "StopSignal", req, "StopSignal");
    if (cs.path("TTY").asBoolean(false)) {
      req.put("Tty", true);
    }
    if (cs.path("OpenStdin").asBoolean(false)) {
      req.put("OpenStdin", true);
    }
    copy(cs, "Healthcheck", req, "Healthcheck");
    ObjectNode labels = req.putObject("Labels");
    cs.path("Labels").fields().forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
    labels.put("com.docker.swarm.service.id", serviceId).put("com.docker.swarm.service.name", serviceName)
        .put("com.docker.swarm.task", "").put("com.docker.swarm.task.id", t.id())
        .put("com.docker.swarm.task.name", containerName(serviceName, t)).put("com.docker.swarm.node.id", nodeId);
    ObjectNode host = req.putObject("HostConfig");
    if (cs.path("Init").isBoolean()) {
      host.put("Init", cs.path("Init").asBoolean());
    }
    copy(cs, "Mounts", host, "Mounts");
    if (cs.path("ReadOnly").asBoolean(false)) {
      host.put("ReadonlyRootfs", true);
    }
    copy(cs, "CapabilityAdd", host, "CapAdd");
    copy(cs, "CapabilityDrop", host, "CapDrop");
    copy(cs, "Sysctls", host, "Sysctls");
    copy(cs, "Groups", host, "GroupAdd");
    JsonNode limits = template.path("Resources").path("Limits");
    if (limits.path("NanoCPUs").asLong(0) > 0) {
      host.put("NanoCpus", limits.path("NanoCPUs").asLong());
    }
    if (limits.path("MemoryBytes").asLong(0) > 0) {
      host.put("Memory", limits.path("MemoryBytes").asLong());
    }
    if (limits.path("Pids").asLong(0) > 0) {
      host.put("PidsLimit", limits.path("Pids").asLong());
    }
    // the container's own restarts are the orchestrator's job: it replaces the task instead
    host.putObject("RestartPolicy").put("Name", "no");
    return req;
  }

  /** Adds host-mode published ports of the service's endpoint to a create request. */
  static void publishHostPorts(ObjectNode req, JsonNode endpointSpec) {
    ObjectNode bindings = null;
    ObjectNode exposed = null;
    for (JsonNode p : endpointSpec.path("Ports")) {
      if (!p.path("PublishMode").asText("ingress").equals("host")) {
        continue; // ingress publishing is the routing mesh's (cluster networking)
      }
      String key = p.path("TargetPort").asInt() + "/" + p.path("Protocol").asText("tcp");
      if (bindings == null) {
        bindings = ((ObjectNode) req.path("HostConfig")).putObject("PortBindings");
        exposed = req.putObject("ExposedPorts");
      }
      exposed.putObject(key);
      ArrayNode list = bindings.putArray(key);
      ObjectNode b = list.addObject();
      b.put("HostIp", "");
      b.put("HostPort", p.path("PublishedPort").asInt(0) == 0 ? "" : Integer.toString(p.path("PublishedPort").asInt()));
    }
  }

  private static void copy(JsonNode from, String field, ObjectNode to, String as) {
    JsonNode v = from.path(field);
    if (!v.isMissingNode() && !v.isNull() && !(v.isContainerNode() && v.isEmpty())) {
      to.set(as, v.deepCopy());
    }
  }

  private static void copyText(JsonNode from, String field, ObjectNode to, String as) {
    if (from.path(field).isTextual() && !from.path(field).asText().isEmpty()) {
      to.put(as, from.path(field).asText());
    }
  }
}
