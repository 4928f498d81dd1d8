package dev.berth.daemon.cluster;

import dev.berth.daemon.server.ApiException;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The swarm errors the docker CLI and docker-py expect, with Docker's texts and statuses. */
public final class ClusterErrors {
  private ClusterErrors() {}

  public static ApiException notInSwarm() {
    return new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE,
        "This node is not part of a swarm");
  }

  public static ApiException alreadyInSwarm() {
    return new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE,
        "This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.");
  }

  public static ApiException notManager() {
    return new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE,
        "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run"
            + " this command on a manager node or promote the current node to a manager.");
  }

  public static ApiException storeDown(String why) {
    return new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE,
        "rpc error: code = Unavailable desc = the cluster store is unavailable, changes are refused: " + why);
  }

  public static ApiException outOfSequence() {
    return new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR,
        "rpc error: code = Unknown desc = update out of sequence");
  }

  public static ApiException nameConflict(String kind, String name) {
    return new ApiException(HttpResponseStatus.CONFLICT,
        "rpc error: code = AlreadyExists desc = " + kind + " " + name + " already exists");
  }

  public static ApiException invalid(String message) {
    return new ApiException(HttpResponseStatus.BAD_REQUEST, message.startsWith("rpc error")
        ? message : "rpc error: code = InvalidArgument desc = " + message);
  }

  public static ApiException notFound(String kind, String ref) {
    return new ApiException(HttpResponseStatus.NOT_FOUND, kind + " " + ref + " not found");
  }
}
