package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One container as Berth keeps it: identity, the merged run configuration (image defaults with the
 * create options on top, which is what inspect shows as {@code Config}), the host configuration as
 * the client sent it, and its lifecycle state. Persisted as one JSON document per row.
 *
 * <p>Mutations happen under the container's monitor (synchronized on the instance) in
 * {@link ContainerService}; everything else reads snapshots.
 */
public final class Container {
  /**
   * Marks the builder's step containers (RUN, and COPY's holders): they belong to a build in
   * progress, so when berthd starts again after a crash, no build owns them and they are removed.
   */
  public static final String BUILD_STEP_LABEL = "dev.berth.build.step";

  public String id;
  /** Without the leading slash; the API adds it. */
  public String name;
  public Instant created;
  public String imageId;
  /** The image as the client named it ({@code busybox}), shown as Config.Image. */
  public String image;
  public ObjectNode config;
  public ObjectNode hostConfig;
  /** The network mode: bridge, none, host, container:<id>, or a user-defined network's name. */
  public String networkMode;
  public String path;
  public List<String> args;
  public ContainerState state = new ContainerState();
  /** The bridge attachment while it runs ({@link dev.berth.daemon.network.Endpoint} as JSON), else null. */
  public ObjectNode endpoint;
  /** What the create request asked of its network endpoint (Aliases, IPAMConfig), or null. */
  public ObjectNode endpointConfig;
  /**
   * Networks joined with {@code network connect} or named besides the network mode at create: their
   * EndpointSettings with a "Name", attached at each start.
   */
  public com.fasterxml.jackson.databind.node.ArrayNode extraNetworks;
  /** The live attachments to those networks while it runs (eth1, eth2, ...), as Endpoint JSON. */
  public com.fasterxml.jackson.databind.node.ArrayNode extraEndpoints;
  /**
   * The network it was created on was disconnected ({@code network disconnect}): it is not joined
   * at start; the networks in {@link #extraNetworks} are, the first of them as eth0.
   */
  public boolean primaryDetached;
  /** While it runs: eth0's network was disconnected, its namespace is kept for the other networks. */
  public boolean endpointDetached;
  public int restartCount;
  /** Mount points decided at create (binds, volumes, tmpfs); null for containers made before volumes. */
  public List<MountPoint> mounts;

  public boolean tty() {
    return config.path("Tty").asBoolean(false);
  }

  public boolean openStdin() {
    return config.path("OpenStdin").asBoolean(false);
  }

  public String shortId() {
    return id.substring(0, 12);
  }
}
