package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.cluster.store.ClusterStore;
import dev.berth.daemon.cluster.store.ClusterStore.Condition;
import dev.berth.daemon.cluster.store.ClusterStore.Op;
import dev.berth.daemon.cluster.store.EtcdStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swarm mode for this daemon: making a cluster ({@code swarm init}), joining one, leaving it, and
 * coming back into it after a restart. While it is in a cluster it holds the store, this node's
 * {@link NodeSession} and the join endpoint; everything else is asked of {@link #objects()}.
 *
 * <p>The store is either the user's etcd ({@code --cluster-store etcd://...}) or members berthd
 * runs itself ({@link LocalEtcd}): the first at init, one more for every manager that joins.
 */
public final class ClusterService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterService.class);

  /** What this node is and offers, for its node record. */
  public record Host(String hostname, long nanoCpus, long memoryBytes, String engineVersion) {}

  public record InitRequest(String listenAddr, String advertiseAddr, boolean forceNewCluster, JsonNode spec,
      List<String> defaultAddrPool, int subnetSize, int dataPathPort) {}

  public record JoinRequest(String listenAddr, String advertiseAddr, List<String> remoteAddrs, String joinToken) {}

  private final Path dataRoot;
  private final TaskFiles taskFiles;
  private final LocalEtcd etcd;
  private final List<String> configuredStore;
  private final Host host;
  private final TaskRuntime runtime;
  private final Clock clock;
  private final Function<List<String>, ClusterStore> connect;
  private Membership membership;
  private ClusterStore store;
  private NodeSession session;
  private ClusterObjects objects;
  private JoinEndpoint joinEndpoint;

  public ClusterService(Path dataRoot, Path execRoot, List<String> configuredStore, Host host, TaskRuntime runtime) {
    this(dataRoot, execRoot, new LocalEtcd(dataRoot, execRoot), configuredStore, host, runtime, Clock.systemUTC(),
        EtcdStore::new);
  }

  ClusterService(Path dataRoot, Path execRoot, LocalEtcd etcd, List<String> configuredStore, Host host,
      TaskRuntime runtime, Clock clock, Function<List<String>, ClusterStore> connect) {
    this.dataRoot = dataRoot;
    this.taskFiles = new TaskFiles(execRoot);
    this.etcd = etcd;
    this.configuredStore = configuredStore == null ? List.of() : List.copyOf(configuredStore);
    this.host = host;
    this.runtime = runtime;
    this.clock = clock;
    this.connect = connect;
  }

  /** Back into the cluster this node was in before berthd stopped, if any. Never fails the daemon's start. */
  public synchronized void resume() {
    try {
      Optional<Membership> m = Membership.load(dataRoot);
      if (m.isEmpty()) {
        return;
      }
      Membership me = m.get();
      if (me.etcdMember() != null) {
        etcd.resume(LocalEtcd.Member.forSwarmPort(me.etcdMember(), me.advertiseAddr(), me.listenPort()), me.listenHost());
      }
      enter(me);
      LOG.info("back in cluster {} as node {}", me.clusterId(), me.nodeId());
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not rejoin the cluster at start: {}", e.getMessage());
    }
  }

  public synchronized boolean active() {
    return membership != null;
  }

  public synchronized Optional<Membership> membership() {
    return Optional.ofNullable(membership);
  }

  public synchronized boolean isManager() {
    return membership != null && membership.role() == NodeRole.MANAGER;
  }

  /** The objects API, on a manager of an active cluster. */
  public synchronized ClusterObjects objects() {
    if (membership == null) {
      throw ClusterException.notAManager();
    }
    if (membership.role() != NodeRole.MANAGER) {
      throw ClusterErrors.notManager();
    }
    return objects;
  }

  /** Asks the session to act now (after an API write). */
  public synchronized void nudge() {
    if (session != null) {
      session.nudge();
    }
  }

  public synchronized boolean leader() {
    return session != null && session.leader();
  }

  public synchronized String init(InitRequest r) throws IOException {
    if (membership != null) {
      throw ClusterErrors.alreadyInSwarm();
    }
    HostPort listen = HostPort.parse(r.listenAddr() == null || r.listenAddr().isEmpty() ? "0.0.0.0:2377" : r.listenAddr(), 2377);
    String advertise = advertiseHost(r.advertiseAddr(), listen);
    String nodeId = JoinTokens.randomId();
    String clusterId = JoinTokens.randomId();
    List<String> endpoints;
    String member = null;
    if (configuredStore.isEmpty()) {
      member = "berth-" + nodeId.substring(0, 12);
      LocalEtcd.Member m = LocalEtcd.Member.forSwarmPort(member, advertise, listen.port());
      etcd.startNew(m, listen.host());
      endpoints = List.of(m.clientUrl());
    } else {
      endpoints = configuredStore;
    }
    ClusterStore s = connect.apply(endpoints);
    try {
      String now = clock.instant().toString();
      ObjectNode cluster = Json.api().createObjectNode();
      cluster.put("ID", clusterId).put("CreatedAt", now).put("UpdatedAt", now);
      cluster.set("Spec", clusterSpec(r.spec()));
      cluster.put("DefaultAddrPool", r.defaultAddrPool() == null || r.defaultAddrPool().isEmpty() ? "10.0.0.0/8"
          : r.defaultAddrPool().getFirst());
      cluster.put("SubnetSize", r.subnetSize() > 0 ? r.subnetSize() : 24);
      cluster.put("DataPathPort", r.dataPathPort() > 0 ? r.dataPathPort() : 4789);
      cluster.putObject("JoinTokens").put("Worker", JoinTokens.make(clusterId)).put("Manager", JoinTokens.make(clusterId));
      List<Op> ops = new ArrayList<>();
      if (r.forceNewCluster()) {
        ops.add(new Op.DeletePrefix(Keys.ROOT));
      }
      ops.add(new Op.Put(Keys.CLUSTER, Json.toString(cluster)));
      if (s.commit(r.forceNewCluster() ? List.of() : List.of(new Condition.Absent(Keys.CLUSTER)), ops) < 0) {
        throw ClusterErrors.invalid("rpc error: code = FailedPrecondition desc = the cluster store "
            + String.join(",", endpoints) + " already holds a swarm: join it with \"docker swarm join\"");
      }
      Membership me = new Membership(nodeId, clusterId, NodeRole.MANAGER, listen.host(), listen.port(), advertise,
          endpoints, member);
      NodeSession.register(s, me, host.hostname(), host.nanoCpus(), host.memoryBytes(), host.engineVersion(), now);
      me.save(dataRoot);
      this.store = s;
      enter(me);
      return nodeId;
    } catch (RuntimeException | IOException e) {
      if (this.store != s) {
        s.close();
        if (member != null) {
          etcd.stop(true);
        }
      }
      throw e;
    }
  }

  public synchronized void join(JoinRequest r) throws IOException {
    if (membership != null) {
      throw ClusterErrors.alreadyInSwarm();
    }
    if (r.remoteAddrs() == null || r.remoteAddrs().isEmpty()) {
      throw ClusterErrors.invalid("at least 1 RemoteAddr is required to join");
    }
    if (!JoinTokens.wellFormed(r.joinToken())) {
      throw ClusterErrors.invalid("invalid join token");
    }
    HostPort listen = HostPort.parse(r.listenAddr() == null || r.listenAddr().isEmpty() ? "0.0.0.0:2377" : r.listenAddr(), 2377);
    String advertise = advertiseHost(r.advertiseAddr(), listen);
    String nodeId = JoinTokens.randomId();
    JoinEndpoint.Admission a = JoinEndpoint.ask(HostPort.parse(r.remoteAddrs().getFirst(), 2377), r.joinToken(), nodeId,
        advertise, listen.port(), configuredStore.isEmpty());
    List<String> endpoints = configuredStore.isEmpty() ? new ArrayList<>(a.endpoints()) : configuredStore;
    String member = null;
    if (a.role() == NodeRole.MANAGER && a.initialCluster() != null && configuredStore.isEmpty()) {
      member = a.memberName();
      LocalEtcd.Member m = LocalEtcd.Member.forSwarmPort(member, advertise, listen.port());
      etcd.startJoining(m, listen.host(), a.initialCluster());
      endpoints.add(m.clientUrl());
    }
    ClusterStore s = connect.apply(endpoints);
    Membership me = new Membership(nodeId, a.clusterId(), a.role(), listen.host(), listen.port(), advertise, endpoints,
        member);
    NodeSession.register(s, me, host.hostname(), host.nanoCpus(), host.memoryBytes(), host.engineVersion(),
        clock.instant().toString());
    me.save(dataRoot);
    this.store = s;
    enter(me);
  }

  public synchronized void leave(boolean force) throws IOException {
    if (membership == null) {
      throw ClusterErrors.notInSwarm();
    }
    if (membership.role() == NodeRole.MANAGER && !force) {
      throw ClusterErrors.failedPrecondition("You are attempting to leave the swarm on a node that is participating as a manager. Removing the last"
              + " manager erases all current state of the swarm. Use `--force` to ignore this message. ");
    }
    Membership me = membership;
    session.close();
    session = null;
    if (joinEndpoint != null) {
      joinEndpoint.close();
      joinEndpoint = null;
    }
    // the tasks of this node go with it, as Docker removes a leaving node's task containers
    for (TaskRuntime.TaskContainer c : runtime.taskContainers()) {
      try {
        if (c.running()) {
          runtime.stop(c.containerId(), 10);
        }
        runtime.remove(c.containerId());
        taskFiles.forget(c.taskId());
      } catch (Exception e) {
        LOG.warn("removing task container {} on leave: {}", c.containerId(), e.getMessage());
      }
    }
    try {
      if (me.etcdMember() != null) {
        EtcdMembers.removeSelf(me.endpoints(), me.etcdMember());
      }
    } catch (RuntimeException e) {
      LOG.debug("leaving the store's membership: {}", e.getMessage());
    }
    store.close();
    store = null;
    objects = null;
    membership = null;
    if (me.etcdMember() != null) {
      etcd.stop(true);
    }
    Membership.forget(dataRoot);
  }

  /** The cluster object for {@code GET /swarm}. */
  public synchronized ObjectNode inspect() {
    ClusterSnapshot snap = objects().snapshot();
    return ClusterViews.swarm(snap.cluster, true);
  }

  /** {@code /info}'s Swarm block. */
  public synchronized ObjectNode info() {
    ObjectNode o = Json.api().createObjectNode();
    if (membership == null) {
      o.put("NodeID", "").put("NodeAddr", "").put("LocalNodeState", "inactive").put("ControlAvailable", false)
          .put("Error", "").putNull("RemoteManagers");
      return o;
    }
    o.put("NodeID", membership.nodeId()).put("NodeAddr", membership.advertiseAddr()).put("LocalNodeState", "active")
        .put("ControlAvailable", membership.role() == NodeRole.MANAGER).put("Error", "");
    try {
      ClusterSnapshot snap = ClusterSnapshot.read(store);
      ArrayNode managers = o.putArray("RemoteManagers");
      int nodes = 0;
      int mgrs = 0;
      for (var e : snap.nodes.entrySet()) {
        nodes++;
        if (e.getValue().value().path("Spec").path("Role").asText().equals("manager")) {
          mgrs++;
          managers.addObject().put("NodeID", e.getKey())
              .put("Addr", e.getValue().value().path("ManagerAddr").asText());
        }
      }
      o.put("Nodes", nodes).put("Managers", mgrs);
      if (membership.role() == NodeRole.MANAGER && snap.cluster != null) {
        ObjectNode c = ClusterViews.swarm(snap.cluster, false);
        o.set("Cluster", c);
      }
    } catch (ClusterStore.Unavailable e) {
      o.put("Error", e.getMessage());
    }
    return o;
  }

  /** What the join endpoint checks and hands out. */
  synchronized JoinEndpoint.Admission admit(String token, String nodeId, String addr, int swarmPort, boolean wantsMember) {
    ClusterSnapshot snap = ClusterSnapshot.read(store);
    JsonNode tokens = snap.cluster.value().path("JoinTokens");
    NodeRole role;
    if (JoinTokens.same(token, tokens.path("Manager").asText())) {
      role = NodeRole.MANAGER;
    } else if (JoinTokens.same(token, tokens.path("Worker").asText())) {
      role = NodeRole.WORKER;
    } else {
      return null;
    }
    String initial = null;
    String member = null;
    if (role == NodeRole.MANAGER && wantsMember && membership.etcdMember() != null) {
      member = "berth-" + nodeId.substring(0, 12);
      initial = EtcdMembers.add(membership.endpoints(), member,
          LocalEtcd.Member.forSwarmPort(member, addr, swarmPort).peerUrl());
    }
    return new JoinEndpoint.Admission(snap.cluster.value().path("ID").asText(), role, membership.endpoints(), initial,
        member);
  }

  private void enter(Membership me) throws IOException {
    if (store == null) {
      store = connect.apply(me.endpoints());
    }
    membership = me;
    objects = new ClusterObjects(store, clock, JoinTokens::randomId);
    session = new NodeSession(store, me, runtime, clock, JoinTokens::randomId, taskFiles);
    session.start();
    if (me.role() == NodeRole.MANAGER) {
      joinEndpoint = new JoinEndpoint(this, me.listenHost(), me.listenPort());
    }
  }

  private static ObjectNode clusterSpec(JsonNode given) {
    ObjectNode spec = given != null && given.isObject() ? (ObjectNode) given.deepCopy() : Json.api().createObjectNode();
    if (!spec.hasNonNull("Name") || spec.path("Name").asText().isEmpty()) {
      spec.put("Name", "default");
    }
    JsonObjects.object(spec, "Labels");
    ObjectNode orch = JsonObjects.object(spec, "Orchestration");
    orch.putIfAbsent("TaskHistoryRetentionLimit", orch.numberNode(Orchestrator.HISTORY));
    ObjectNode raft = JsonObjects.object(spec, "Raft");
    raft.putIfAbsent("SnapshotInterval", raft.numberNode(10000));
    raft.putIfAbsent("KeepOldSnapshots", raft.numberNode(0));
    raft.putIfAbsent("LogEntriesForSlowFollowers", raft.numberNode(500));
    raft.putIfAbsent("ElectionTick", raft.numberNode(10));
    raft.putIfAbsent("HeartbeatTick", raft.numberNode(1));
    ObjectNode disp = JsonObjects.object(spec, "Dispatcher");
    disp.putIfAbsent("HeartbeatPeriod", disp.numberNode(5_000_000_000L));
    ObjectNode ca = JsonObjects.object(spec, "CAConfig");
    ca.putIfAbsent("NodeCertExpiry", ca.numberNode(7_776_000_000_000_000L));
    JsonObjects.object(spec, "TaskDefaults");
    ObjectNode enc = JsonObjects.object(spec, "EncryptionConfig");
    enc.putIfAbsent("AutoLockManagers", enc.booleanNode(false));
    return spec;
  }

  /** The address other nodes reach this one at; Docker's error when it cannot be chosen. */
  private static String advertiseHost(String given, HostPort listen) {
    if (given != null && !given.isEmpty()) {
      return HostPort.parse(given, listen.port()).host();
    }
    if (!listen.host().equals("0.0.0.0") && !listen.host().equals("::")) {
      return listen.host();
    }
    throw ClusterErrors.invalid("could not choose an IP address to advertise since this system has multiple"
        + " addresses on different interfaces (use --advertise-addr)");
  }

  /** Updates the cluster's spec ({@code POST /swarm/update}), and rotates join tokens when asked. */
  public synchronized void update(long version, JsonNode spec, boolean rotateWorker, boolean rotateManager) {
    ClusterSnapshot snap = objects().snapshot();
    if (snap.cluster.modRevision() != version) {
      throw ClusterErrors.outOfSequence();
    }
    ObjectNode c = snap.cluster.value().deepCopy();
    c.set("Spec", clusterSpec(spec));
    c.put("UpdatedAt", clock.instant().toString());
    String id = c.path("ID").asText();
    if (rotateWorker) {
      ((ObjectNode) c.path("JoinTokens")).put("Worker", JoinTokens.make(id));
    }
    if (rotateManager) {
      ((ObjectNode) c.path("JoinTokens")).put("Manager", JoinTokens.make(id));
    }
    if (store.commit(List.of(new Condition.AtRevision(Keys.CLUSTER, version)),
        List.of(new Op.Put(Keys.CLUSTER, Json.toString(c)))) < 0) {
      throw ClusterErrors.outOfSequence();
    }
  }

  @Override
  public synchronized void close() {
    // berthd stopping is not leaving: the node stays in its cluster and its tasks keep running
    if (session != null) {
      session.close();
    }
    if (joinEndpoint != null) {
      joinEndpoint.close();
    }
    if (store != null) {
      store.close();
    }
  }
}
