package dev.berth.daemon.cluster;

/**
 * Why an orchestration request cannot be done, in the cluster's own terms. The routes turn the
 * {@link Reason} into Docker's status code in one place ({@link ClusterRoutes}); nothing in the
 * cluster domain knows HTTP.
 */
public final class ClusterException extends RuntimeException {
  /** The kinds of refusal Docker's swarm API distinguishes by status code. */
  public enum Reason {
    /** The node is in no swarm (503): what leaving answers then. */
    NOT_IN_SWARM,
    /** The node manages no swarm (503): what every route that reads or changes cluster state answers then. */
    NOT_A_MANAGER,
    /** This node cannot do it at all (503): Berth has no orchestrator to init or join a swarm with. */
    UNAVAILABLE,
    /** A second init or join (503). */
    ALREADY_IN_SWARM,
    /** A service, task, node, secret or config that does not exist (404). */
    NOT_FOUND,
    /** A name already taken (409). */
    NAME_CONFLICT,
    /** An update that names an older version of the object (500 in moby: "update out of sequence"). */
    OUT_OF_SEQUENCE,
    /** A request the cluster cannot take as given (400). */
    INVALID
  }

  private final Reason reason;

  public ClusterException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** dockerd's words for a node that is not part of a swarm. */
  public static ClusterException notInSwarm() {
    return new ClusterException(Reason.NOT_IN_SWARM, "This node is not part of a swarm");
  }

  /** dockerd's words, for the cluster-state routes, when the node is in no swarm. */
  public static ClusterException notAManager() {
    return new ClusterException(Reason.NOT_A_MANAGER, "This node is not a swarm manager. Use \"docker swarm init\" or "
        + "\"docker swarm join\" to connect this node to swarm and try again.");
  }
}
