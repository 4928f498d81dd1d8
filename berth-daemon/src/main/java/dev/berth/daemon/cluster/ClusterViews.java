package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import java.util.List;

/**
 * The Engine API's shapes of swarm objects, built from what the store holds: the docker CLI,
 * docker-py and {@code docker stack} parse exactly these fields.
 */
final class ClusterViews {
  private ClusterViews() {}

  static ObjectNode version(ObjectNode o, long index) {
    o.putObject("Version").put("Index", index);
    return o;
  }

  static ObjectNode swarm(ClusterSnapshot.Stored cluster, boolean withTokens) {
    JsonNode c = cluster.value();
    ObjectNode o = Json.api().createObjectNode();
    o.put("ID", c.path("ID").asText());
    version(o, cluster.modRevision());
    o.put("CreatedAt", c.path("CreatedAt").asText()).put("UpdatedAt", c.path("UpdatedAt").asText());
    o.set("Spec", c.path("Spec").deepCopy());
    ObjectNode tls = o.putObject("TLSInfo");
    tls.put("TrustRoot", "").put("CertIssuerSubject", "").put("CertIssuerPublicKey", "");
    o.put("RootRotationInProgress", false);
    o.putArray("DefaultAddrPool").add(c.path("DefaultAddrPool").asText("10.0.0.0/8"));
    o.put("SubnetSize", c.path("SubnetSize").asInt(24));
    o.put("DataPathPort", c.path("DataPathPort").asInt(4789));
    if (withTokens) {
      o.putObject("JoinTokens").put("Worker", c.path("JoinTokens").path("Worker").asText())
          .put("Manager", c.path("JoinTokens").path("Manager").asText());
    }
    return o;
  }

  static ObjectNode node(ClusterSnapshot snap, String id) {
    ClusterSnapshot.Stored s = snap.nodes.get(id);
    ObjectNode o = s.value().deepCopy();
    version(o, s.modRevision());
    boolean alive = snap.alive.contains(id);
    ObjectNode status = JsonObjects.object(o, "Status");
    status.put("State", alive ? "ready" : "down");
    if (!alive) {
      status.put("Message", "heartbeat failure");
    }
    if (o.path("Spec").path("Role").asText().equals("manager")) {
      ObjectNode ms = o.putObject("ManagerStatus");
      ms.put("Leader", id.equals(snap.leaderId()));
      ms.put("Reachability", alive ? "reachable" : "unreachable");
      ms.put("Addr", s.value().path("ManagerAddr").asText(status.path("Addr").asText() + ":2377"));
    } else {
      o.remove("ManagerStatus");
    }
    o.remove("ManagerAddr");
    return o;
  }

  static ObjectNode service(ClusterSnapshot snap, String id, boolean withStatus) {
    ClusterSnapshot.Stored s = snap.services.get(id);
    JsonNode v = s.value();
    ObjectNode o = Json.api().createObjectNode();
    o.put("ID", id);
    version(o, s.modRevision());
    o.put("CreatedAt", v.path("CreatedAt").asText()).put("UpdatedAt", v.path("UpdatedAt").asText());
    o.set("Spec", v.path("Spec").deepCopy());
    if (v.has("PreviousSpec")) {
      o.set("PreviousSpec", v.path("PreviousSpec").deepCopy());
    }
    ObjectNode ep = o.putObject("Endpoint");
    JsonNode epSpec = v.path("Spec").path("EndpointSpec");
    ep.set("Spec", epSpec.isMissingNode() ? ep.objectNode() : epSpec.deepCopy());
    if (epSpec.path("Ports").isArray() && !epSpec.path("Ports").isEmpty()) {
      ep.set("Ports", epSpec.path("Ports").deepCopy());
    }
    if (v.has("UpdateStatus")) {
      o.set("UpdateStatus", v.path("UpdateStatus").deepCopy());
    }
    if (withStatus) {
      long running = 0;
      long desired = 0;
      long completed = 0;
      List<Task> tasks = snap.tasksOf(id);
      for (Task t : tasks) {
        if (t.desiredState() == TaskState.RUNNING && t.state() == TaskState.RUNNING) {
          running++;
        }
        if (t.desiredState() == TaskState.RUNNING && !t.state().terminal()) {
          desired++;
        }
        if (t.state() == TaskState.COMPLETE) {
          completed++;
        }
      }
      JsonNode mode = v.path("Spec").path("Mode");
      if (mode.has("Replicated")) {
        desired = mode.path("Replicated").path("Replicas").asLong(1);
      } else if (mode.has("ReplicatedJob")) {
        desired = Math.min(mode.path("ReplicatedJob").path("MaxConcurrent").asLong(1),
            Math.max(0, mode.path("ReplicatedJob").path("TotalCompletions").asLong(1) - completed));
      }
      ObjectNode st = o.putObject("ServiceStatus");
      st.put("RunningTasks", running).put("DesiredTasks", desired).put("CompletedTasks", completed);
    }
    return o;
  }

  static ObjectNode task(ClusterSnapshot snap, String id) {
    ClusterSnapshot.Stored s = snap.tasks.get(id);
    JsonNode leader = s.value();
    Task t = snap.task(id);
    ObjectNode o = Json.api().createObjectNode();
    o.put("ID", id);
    version(o, Math.max(s.modRevision(), snap.statuses.containsKey(id) ? snap.statuses.get(id).modRevision() : 0));
    o.put("CreatedAt", t.createdAt().toString()).put("UpdatedAt", t.updatedAt().toString());
    o.putObject("Labels");
    o.set("Spec", leader.path("Spec").deepCopy());
    o.put("ServiceID", t.serviceId());
    if (t.slot() > 0) {
      o.put("Slot", t.slot());
    }
    if (t.nodeId() != null) {
      o.put("NodeID", t.nodeId());
    }
    ObjectNode status = o.putObject("Status");
    status.put("Timestamp", t.updatedAt().toString()).put("State", t.state().apiName()).put("Message", t.message());
    if (!t.err().isEmpty()) {
      status.put("Err", t.err());
    }
    if (!t.containerId().isEmpty()) {
      JsonNode st = snap.statuses.containsKey(id) ? snap.statuses.get(id).value() : null;
      status.putObject("ContainerStatus").put("ContainerID", t.containerId())
          .put("PID", st == null ? 0 : st.path("PID").asLong()).put("ExitCode", t.exitCode());
    }
    status.putObject("PortStatus");
    o.put("DesiredState", t.desiredState().apiName());
    return o;
  }

  /** A secret or config as inspect shows it: never its data for a secret. */
  static ObjectNode secretOrConfig(ClusterSnapshot.Stored s, boolean showData) {
    ObjectNode o = s.value().deepCopy();
    version(o, s.modRevision());
    ObjectNode spec = JsonObjects.object(o, "Spec");
    if (!showData) {
      spec.remove("Data");
    }
    o.remove("Sealed");
    return o;
  }
}
