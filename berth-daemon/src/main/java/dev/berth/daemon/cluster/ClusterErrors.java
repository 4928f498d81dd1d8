package dev.berth.daemon.cluster;

import dev.berth.daemon.cluster.ClusterException.Reason;

/** The swarm errors the docker CLI and docker-py expect, with Docker's texts; routes map their reasons to statuses. */
public final class ClusterErrors {
  private ClusterErrors() {}

  public static ClusterException notInSwarm() {
    return ClusterException.notInSwarm();
  }

  public static ClusterException alreadyInSwarm() {
    return new ClusterException(Reason.ALREADY_IN_SWARM,
        "This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.");
  }

  /** A worker asked for cluster state. */
  public static ClusterException notManager() {
    return new ClusterException(Reason.NOT_A_MANAGER,
        "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run"
            + " this command on a manager node or promote the current node to a manager.");
  }

  public static ClusterException storeDown(String why) {
    return new ClusterException(Reason.UNAVAILABLE,
        "rpc error: code = Unavailable desc = the cluster store is unavailable, changes are refused: " + why);
  }

  public static ClusterException outOfSequence() {
    return new ClusterException(Reason.OUT_OF_SEQUENCE, "rpc error: code = Unknown desc = update out of sequence");
  }

  public static ClusterException nameConflict(String kind, String name) {
    return new ClusterException(Reason.NAME_CONFLICT,
        "rpc error: code = AlreadyExists desc = " + kind + " " + name + " already exists");
  }

  public static ClusterException invalid(String message) {
    return new ClusterException(Reason.INVALID, message.startsWith("rpc error")
        ? message : "rpc error: code = InvalidArgument desc = " + message);
  }

  public static ClusterException failedPrecondition(String message) {
    return new ClusterException(Reason.UNAVAILABLE, message);
  }

  public static ClusterException notFound(String kind, String ref) {
    return new ClusterException(Reason.NOT_FOUND, kind + " " + ref + " not found");
  }
}
