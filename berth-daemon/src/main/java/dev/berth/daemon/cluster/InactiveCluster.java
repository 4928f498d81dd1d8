package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Filters;
import java.io.OutputStream;

/**
 * A node that is part of no swarm, as Berth is until it has an orchestrator: every request is
 * refused with 503 and dockerd's words for that state: "This node is not part of a swarm" for
 * leave, "This node is not a swarm manager. Use ..." for everything that reads or changes cluster
 * state. Clients depend on the 503: docker-py's tests call {@code leave_swarm(force=True)} in
 * their teardown and accept 503 (or 406), where a 404 would fail them.
 */
public final class InactiveCluster implements Cluster, Cluster.Swarm, Cluster.Services, Cluster.Tasks {
  private final Stored refusing = new Stored() {
    @Override
    public Object create(JsonNode spec) {
      throw ClusterException.notAManager();
    }

    @Override
    public Object list(Filters filters) {
      throw ClusterException.notAManager();
    }

    @Override
    public Object inspect(String id) {
      throw ClusterException.notAManager();
    }

    @Override
    public void remove(String id, boolean force) {
      throw ClusterException.notAManager();
    }

    @Override
    public void update(String id, long version, JsonNode spec) {
      throw ClusterException.notAManager();
    }
  };

  private static ClusterException noOrchestrator() {
    return new ClusterException(ClusterException.Reason.UNAVAILABLE,
        "This node cannot create or join a swarm: Berth has no orchestrator yet");
  }

  @Override
  public Swarm swarm() {
    return this;
  }

  @Override
  public Catalog nodes() {
    return refusing;
  }

  @Override
  public Services services() {
    return this;
  }

  @Override
  public Tasks tasks() {
    return this;
  }

  @Override
  public Stored secrets() {
    return refusing;
  }

  @Override
  public Stored configs() {
    return refusing;
  }

  @Override
  public Object inspect() {
    throw ClusterException.notAManager();
  }

  @Override
  public String init(JsonNode request) {
    throw noOrchestrator();
  }

  @Override
  public void join(JsonNode request) {
    throw noOrchestrator();
  }

  @Override
  public void leave(boolean force) {
    throw ClusterException.notInSwarm();
  }

  @Override
  public void update(long version, JsonNode spec, boolean rotateWorkerToken, boolean rotateManagerToken,
      boolean rotateManagerUnlockKey) {
    throw ClusterException.notAManager();
  }

  @Override
  public Object unlockKey() {
    throw ClusterException.notAManager();
  }

  @Override
  public void unlock(JsonNode request) {
    throw ClusterException.notAManager();
  }

  @Override
  public Object list(Filters filters, boolean status) {
    throw ClusterException.notAManager();
  }

  @Override
  public Object create(JsonNode spec, String registryAuth) {
    throw ClusterException.notAManager();
  }

  @Override
  public Object inspect(String id, boolean insertDefaults) {
    throw ClusterException.notAManager();
  }

  @Override
  public void remove(String id) {
    throw ClusterException.notAManager();
  }

  @Override
  public Object update(String id, long version, JsonNode spec, String rollback, String registryAuth) {
    throw ClusterException.notAManager();
  }

  @Override
  public void logs(String id, LogQuery query, OutputStream out) {
    throw ClusterException.notAManager();
  }

  @Override
  public Object list(Filters filters) {
    throw ClusterException.notAManager();
  }

  @Override
  public Object inspect(String id) {
    throw ClusterException.notAManager();
  }
}
