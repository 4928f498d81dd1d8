package dev.berth.daemon.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.cluster.store.ClusterStore;
import dev.berth.daemon.cluster.store.ClusterStore.Condition;
import dev.berth.daemon.cluster.store.ClusterStore.Op;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's live presence in a cluster: a lease that says it is alive (its expiry is how the
 * others learn it died), its node agent, and — on managers — the campaign for the leader key and
 * the orchestrator that runs while it holds it. The lease is re-made when the store comes back
 * after a cut, so a node that was away rejoins by itself.
 */
final class NodeSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class);
  /** Three missed heartbeats of about 1.7 s: a dead node is noticed within 5 s. */
  static final long LEASE_TTL = 5;
  private final ClusterStore store;
  private final Membership me;
  private final NodeAgent agent;
  private final Orchestrator orchestrator;
  private final Wakeups wakeups = new Wakeups();
  private volatile long lease;
  private volatile boolean leaseLost = true;
  private volatile boolean closed;
  private volatile boolean leader;
  private AutoCloseable keepAlive;
  private AutoCloseable watch;
  private Thread loop;

  NodeSession(ClusterStore store, Membership me, TaskRuntime runtime, Clock clock, Supplier<String> ids,
      TaskFiles files) {
    this.store = store;
    this.me = me;
    this.agent = new NodeAgent(store, runtime, me.nodeId(), clock, files);
    this.orchestrator = me.role() == NodeRole.MANAGER ? new Orchestrator(store, me.nodeId(), clock, ids) : null;
  }

  void start() {
    agent.start();
    loop = Thread.ofPlatform().name("cluster-session").daemon().start(this::run);
  }

  boolean leader() {
    return leader;
  }

  /** Rings the session and the agent at once (an API write that should take effect now). */
  void nudge() {
    wakeups.ring();
    agent.wake();
  }

  private void run() {
    while (!closed) {
      try {
        if (leaseLost) {
          renewPresence();
        }
        if (orchestrator != null) {
          if (!leader) {
            leader = store.commit(List.of(new Condition.Absent(Keys.LEADER)),
                List.of(new Op.Put(Keys.LEADER, me.nodeId(), lease))) >= 0;
            if (leader) {
              LOG.info("this node now leads the cluster");
            }
          }
          if (leader) {
            leader = orchestrator.reconcileOnce();
          }
        }
      } catch (ClusterStore.Unavailable e) {
        LOG.debug("cluster store unavailable: {}", e.getMessage());
        leader = false;
      } catch (RuntimeException e) {
        LOG.warn("cluster pass failed", e);
      }
      try {
        wakeups.await(leader ? 1000 : 1500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void renewPresence() {
    closeQuietly(keepAlive);
    closeQuietly(watch);
    lease = store.grantLease(LEASE_TTL);
    keepAlive = store.keepAlive(lease, () -> {
      leaseLost = true;
      leader = false;
    });
    store.commit(List.of(), List.of(new Op.Put(Keys.ALIVE + me.nodeId(), me.advertiseAddr(), lease)));
    long rev = store.list(Keys.ALIVE).revision();
    watch = store.watch(Keys.ROOT, rev + 1, changes -> {
      if (changes.stream().anyMatch(c -> !c.key().startsWith(Keys.LEADER) || c.value() == null)) {
        wakeups.ring();
      }
    }, err -> leaseLost = true);
    leaseLost = false;
    agent.wake();
  }

  /** Registers (or refreshes) this node's record. */
  static void register(ClusterStore store, Membership me, String hostname, long nanoCpus, long memory, String engine,
      String now) {
    var existing = store.get(Keys.NODES + me.nodeId());
    ObjectNode n = existing.isPresent() ? (ObjectNode) Json.tree(existing.get().value().getBytes(
        java.nio.charset.StandardCharsets.UTF_8)) : Json.api().createObjectNode();
    if (existing.isEmpty()) {
      n.put("ID", me.nodeId()).put("CreatedAt", now);
      n.putObject("Spec").putObject("Labels");
      ((ObjectNode) n.path("Spec")).put("Role", me.role().apiName()).put("Availability", "active");
    }
    n.put("UpdatedAt", now);
    ObjectNode d = n.putObject("Description");
    d.put("Hostname", hostname);
    d.putObject("Platform").put("Architecture", "x86_64").put("OS", "linux");
    d.putObject("Resources").put("NanoCPUs", nanoCpus).put("MemoryBytes", memory);
    ObjectNode e = d.putObject("Engine");
    e.put("EngineVersion", engine);
    e.putObject("Labels");
    e.putArray("Plugins");
    d.putObject("TLSInfo");
    n.putObject("Status").put("State", "ready").put("Addr", me.advertiseAddr());
    n.put("ManagerAddr", me.advertiseAddr() + ":" + me.listenPort());
    store.put(Keys.NODES + me.nodeId(), Json.toString(n));
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // already gone
      }
    }
  }

  /** Ends this node's presence: the leader key and the alive key go with the revoked lease. */
  @Override
  public void close() {
    closed = true;
    wakeups.ring();
    agent.close();
    if (loop != null) {
      try {
        loop.join(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeQuietly(watch);
    closeQuietly(keepAlive);
    try {
      if (lease != 0) {
        store.revokeLease(lease);
      }
    } catch (RuntimeException ignored) {
      // the lease expires by itself
    }
  }
}
