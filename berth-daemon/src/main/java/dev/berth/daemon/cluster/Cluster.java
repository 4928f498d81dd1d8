package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.Filters;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The orchestrator as the Engine API sees it: the swarm itself, its nodes, services, tasks,
 * secrets and configs. {@link ClusterRoutes} is a thin adapter onto this interface and
 * {@link SwarmCluster} implements it on Berth's etcd-backed orchestration; outside a swarm it
 * answers every call as dockerd does there. Objects go in and out in the Engine API's JSON shapes
 * (ServiceSpec, Task, Node...), which the routes pass through untouched.
 */
public interface Cluster {
  /** The swarm-wide part: init, join, leave, update and the unlock key. */
  interface Swarm {
    /** GET /swarm: the cluster's ID, spec, version and join tokens. */
    Object inspect();

    /** POST /swarm/init: makes this node the first manager; answers its node ID. */
    String init(JsonNode request);

    void join(JsonNode request);

    void leave(boolean force);

    void update(long version, JsonNode spec, boolean rotateWorkerToken, boolean rotateManagerToken,
        boolean rotateManagerUnlockKey);

    /** GET /swarm/unlockkey: {@code {"UnlockKey": ...}}. */
    Object unlockKey();

    void unlock(JsonNode request);
  }

  /** Objects kept by ID with a spec and a version: nodes, services, secrets and configs share this shape. */
  interface Catalog {
    Object list(Filters filters);

    Object inspect(String id);

    void remove(String id, boolean force);

    void update(String id, long version, JsonNode spec);
  }

  /** Services add create (with the registry auth for the image), update with rollback and logs. */
  interface Services {
    Object list(Filters filters, boolean status);

    /** Answers {@code {"ID": ..., "Warnings": [...]}}. */
    Object create(JsonNode spec, String registryAuth);

    Object inspect(String id, boolean insertDefaults);

    void remove(String id);

    /** Answers {@code {"Warnings": [...]}}; {@code rollback} is "previous" or null. */
    Object update(String id, long version, JsonNode spec, String rollback, String registryAuth);

    void logs(String id, LogQuery query, OutputStream out) throws IOException;
  }

  interface Tasks {
    Object list(Filters filters);

    Object inspect(String id);

    void logs(String id, LogQuery query, OutputStream out) throws IOException;
  }

  /** Secrets and configs: created from a spec with its data, answered as {@code {"ID": ...}}. */
  interface Stored extends Catalog {
    Object create(JsonNode spec);
  }

  Swarm swarm();

  Catalog nodes();

  Services services();

  Tasks tasks();

  Stored secrets();

  Stored configs();
}
