package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what the orchestrator needs out of an Engine API {@code ServiceSpec}, and refuses a spec
 * that could never run with the error Docker gives. The spec itself stays as the client wrote it.
 */
public final class ServiceSpecs {
  private ServiceSpecs() {}

  /** A spec the daemon refuses; the message is Docker's. */
  public static final class InvalidSpec extends IllegalArgumentException {
    public InvalidSpec(String message) {
      super(message);
    }
  }

  /** Checks a spec from {@code POST /services/create} or {@code /update}. */
  public static void validate(JsonNode spec) {
    if (spec == null || !spec.isObject()) {
      throw new InvalidSpec("rpc error: code = InvalidArgument desc = the service spec must be a JSON object");
    }
    String name = spec.path("Name").asText("");
    if (!name.isEmpty() && !name.matches("[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?")) {
      throw new InvalidSpec("rpc error: code = InvalidArgument desc = name must be valid as a DNS name component");
    }
    JsonNode cs = spec.path("TaskTemplate").path("ContainerSpec");
    if (cs.path("Image").asText("").isEmpty()) {
      throw new InvalidSpec("rpc error: code = InvalidArgument desc = ContainerSpec: image reference must be provided");
    }
    JsonNode replicas = spec.path("Mode").path("Replicated").path("Replicas");
    if (replicas.isNumber() && replicas.asLong() < 0) {
      throw new InvalidSpec("rpc error: code = InvalidArgument desc = replicas must be non-negative");
    }
    List<String> constraints = constraints(spec);
    try {
      Constraint.parseAll(constraints);
    } catch (Constraint.InvalidConstraint e) {
      throw new InvalidSpec("rpc error: code = InvalidArgument desc = " + e.getMessage());
    }
    String order = spec.path("UpdateConfig").path("Order").asText("stop-first");
    if (!order.equals("stop-first") && !order.equals("start-first")) {
      throw new InvalidSpec("rpc error: code = InvalidArgument desc = UpdateConfig: unrecognized order " + order);
    }
  }

  /**
   * What the daemon stores for a spec, as swarmkit normalises it: a mode is always there, and a
   * replicated one always says how many replicas (the docker CLI sends none for the default of one,
   * and then refuses to draw progress for a service whose inspect does not say).
   */
  public static void normalise(ObjectNode spec) {
    ObjectNode mode = JsonObjects.object(spec, "Mode");
    if (!mode.has("Global") && !mode.has("ReplicatedJob") && !mode.has("GlobalJob")) {
      ObjectNode rep = JsonObjects.object(mode, "Replicated");
      if (!rep.path("Replicas").isNumber()) {
        rep.put("Replicas", 1);
      }
    }
    if (mode.has("ReplicatedJob")) {
      ObjectNode job = JsonObjects.object(mode, "ReplicatedJob");
      if (!job.path("MaxConcurrent").isNumber()) {
        job.put("MaxConcurrent", 1);
      }
      if (!job.path("TotalCompletions").isNumber()) {
        job.put("TotalCompletions", job.path("MaxConcurrent").asInt());
      }
    }
  }

  /** The orchestrator's view of a service at {@code version}. */
  public static ServiceModel model(String id, long version, JsonNode spec, boolean updatePaused) {
    JsonNode mode = spec.path("Mode");
    ServiceModel.Mode m;
    int replicas;
    int maxConcurrent = 0;
    if (mode.has("Global")) {
      m = ServiceModel.Mode.GLOBAL;
      replicas = 0;
    } else if (mode.has("ReplicatedJob")) {
      m = ServiceModel.Mode.REPLICATED_JOB;
      JsonNode job = mode.path("ReplicatedJob");
      maxConcurrent = job.path("MaxConcurrent").asInt(1);
      replicas = job.path("TotalCompletions").asInt(maxConcurrent);
    } else if (mode.has("GlobalJob")) {
      m = ServiceModel.Mode.GLOBAL_JOB;
      replicas = 0;
    } else {
      m = ServiceModel.Mode.REPLICATED;
      replicas = mode.path("Replicated").path("Replicas").asInt(1);
    }
    JsonNode tt = spec.path("TaskTemplate");
    JsonNode reservations = tt.path("Resources").path("Reservations");
    TaskNeeds needs = new TaskNeeds(Constraint.parseAll(constraints(spec)), reservations.path("NanoCPUs").asLong(0),
        reservations.path("MemoryBytes").asLong(0));
    JsonNode rp = tt.path("RestartPolicy");
    ServiceModel.Restart fallback = m == ServiceModel.Mode.REPLICATED_JOB || m == ServiceModel.Mode.GLOBAL_JOB
        ? ServiceModel.Restart.JOB_DEFAULT : ServiceModel.Restart.DEFAULT;
    ServiceModel.Restart restart = new ServiceModel.Restart(rp.path("Condition").asText(fallback.condition()),
        rp.has("Delay") ? Duration.ofNanos(rp.path("Delay").asLong()) : fallback.delay(),
        rp.path("MaxAttempts").asInt(0));
    JsonNode uc = spec.path("UpdateConfig");
    ServiceModel.Rollout d = ServiceModel.Rollout.DEFAULT;
    ServiceModel.Rollout rollout = new ServiceModel.Rollout(uc.path("Parallelism").asInt(d.parallelism()),
        Duration.ofNanos(uc.path("Delay").asLong(0)), uc.path("Order").asText("stop-first").equals("start-first"),
        uc.path("FailureAction").asText(d.failureAction()),
        uc.has("Monitor") ? Duration.ofNanos(uc.path("Monitor").asLong()) : d.monitor());
    return new ServiceModel(id, spec.path("Name").asText(id), version, m, replicas, maxConcurrent, needs, restart,
        rollout, updatePaused);
  }

  /** The rollback spec's pace ({@code RollbackConfig}), used while {@code UpdateStatus} is a rollback. */
  public static ServiceModel withRollbackPace(ServiceModel base, JsonNode spec) {
    JsonNode rc = spec.path("RollbackConfig");
    if (rc.isMissingNode()) {
      return base;
    }
    ServiceModel.Rollout r = new ServiceModel.Rollout(rc.path("Parallelism").asInt(1),
        Duration.ofNanos(rc.path("Delay").asLong(0)), rc.path("Order").asText("stop-first").equals("start-first"),
        rc.path("FailureAction").asText("pause"), Duration.ofNanos(rc.path("Monitor").asLong(5_000_000_000L)));
    return new ServiceModel(base.id(), base.name(), base.version(), base.mode(), base.replicas(), base.maxConcurrent(),
        base.needs(), base.restart(), r, base.updatePaused());
  }

  static List<String> constraints(JsonNode spec) {
    List<String> out = new ArrayList<>();
    spec.path("TaskTemplate").path("Placement").path("Constraints").forEach(c -> out.add(c.asText()));
    return out;
  }

  /** Whether the task template changed between two specs (only then do tasks need replacing). */
  public static boolean templateChanged(JsonNode before, JsonNode after) {
    JsonNode a = before.path("TaskTemplate");
    JsonNode b = after.path("TaskTemplate");
    return !a.equals(b);
  }

  /** Fills in what a spec leaves out, as {@code GET /services/{id}?insertDefaults=true} shows it. */
  public static ObjectNode withDefaults(ObjectNode spec) {
    ObjectNode s = spec.deepCopy();
    ObjectNode tt = JsonObjects.object(s, "TaskTemplate");
    ObjectNode rp = JsonObjects.object(tt, "RestartPolicy");
    rp.putIfAbsent("Condition", rp.textNode("any"));
    rp.putIfAbsent("Delay", rp.numberNode(5_000_000_000L));
    rp.putIfAbsent("MaxAttempts", rp.numberNode(0));
    for (String cfg : List.of("UpdateConfig", "RollbackConfig")) {
      ObjectNode u = JsonObjects.object(s, cfg);
      u.putIfAbsent("Parallelism", u.numberNode(1));
      u.putIfAbsent("FailureAction", u.textNode("pause"));
      u.putIfAbsent("Monitor", u.numberNode(5_000_000_000L));
      u.putIfAbsent("MaxFailureRatio", u.numberNode(0));
      u.putIfAbsent("Order", u.textNode("stop-first"));
    }
    ObjectNode ep = JsonObjects.object(s, "EndpointSpec");
    ep.putIfAbsent("Mode", ep.textNode("vip"));
    return s;
  }
}
