package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import java.time.Instant;

/**
 * A task's two keys in the store and back. The leader's key holds what it decides (slot, node,
 * desired state, and the task template of the service version the task runs); the node's key holds
 * what happened (state, message, container, exit code). A task is read by overlaying the second on
 * the first, so the leader's early states (new, pending, assigned) give way to the node's.
 */
final class TaskCodec {
  private TaskCodec() {}

  static ObjectNode leaderPart(Task t, JsonNode template, String serviceName, JsonNode endpointSpec) {
    ObjectNode j = Json.api().createObjectNode();
    j.put("ID", t.id()).put("ServiceID", t.serviceId()).put("ServiceName", serviceName).put("Slot", t.slot())
        .put("NodeID", t.nodeId()).put("SpecVersion", t.specVersion()).put("DesiredState", t.desiredState().apiName())
        .put("State", t.state().apiName()).put("Message", t.message()).put("Err", t.err())
        .put("CreatedAt", t.createdAt().toString()).put("UpdatedAt", t.updatedAt().toString());
    j.set("Spec", template);
    j.set("Endpoint", endpointSpec == null || endpointSpec.isMissingNode() ? j.objectNode() : endpointSpec.deepCopy());
    return j;
  }

  /** The leader's key rewritten with a task's new placement or desired state, keeping its template. */
  static ObjectNode rewrite(JsonNode stored, Task t) {
    ObjectNode j = stored.deepCopy();
    j.put("NodeID", t.nodeId()).put("DesiredState", t.desiredState().apiName()).put("UpdatedAt", t.updatedAt().toString());
    if (t.state().compareTo(TaskState.ASSIGNED) <= 0) {
      j.put("State", t.state().apiName()).put("Message", t.message()).put("Err", t.err());
    }
    return j;
  }

  static ObjectNode statusPart(TaskState state, String message, String err, String containerId, long pid,
      int exitCode, Instant at) {
    ObjectNode j = Json.api().createObjectNode();
    j.put("State", state.apiName()).put("Message", message).put("Err", err).put("ContainerID", containerId)
        .put("PID", pid).put("ExitCode", exitCode).put("Timestamp", at.toString());
    return j;
  }

  static Task decode(JsonNode leader, JsonNode status) {
    Instant created = Instant.parse(leader.path("CreatedAt").asText());
    Instant updated = Instant.parse(leader.path("UpdatedAt").asText());
    TaskState state = TaskState.fromApi(leader.path("State").asText("new"));
    String message = leader.path("Message").asText("");
    String err = leader.path("Err").asText("");
    String container = "";
    int exit = 0;
    if (status != null && !status.isMissingNode()) {
      TaskState reported = TaskState.fromApi(status.path("State").asText());
      if (reported.compareTo(state) >= 0) {
        state = reported;
        message = status.path("Message").asText("");
        err = status.path("Err").asText("");
        container = status.path("ContainerID").asText("");
        exit = status.path("ExitCode").asInt();
        Instant at = Instant.parse(status.path("Timestamp").asText());
        updated = at.isAfter(updated) ? at : updated;
      }
    }
    String node = leader.path("NodeID").isTextual() ? leader.path("NodeID").asText() : null;
    return new Task(leader.path("ID").asText(), leader.path("ServiceID").asText(), leader.path("Slot").asInt(), node,
        leader.path("SpecVersion").asLong(), TaskState.fromApi(leader.path("DesiredState").asText("running")), state,
        message, err, container, exit, created, updated);
  }
}
