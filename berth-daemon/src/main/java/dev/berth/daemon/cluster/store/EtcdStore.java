package dev.berth.daemon.cluster.store;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Txn;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The cluster store on a real etcd cluster (3.4 or later) through jetcd. Each call waits at most
 * {@link #TIMEOUT}: an etcd that has lost its quorum does not fail a write, it never answers it, and
 * a daemon must say so instead of hanging its API.
 */
public final class EtcdStore implements ClusterStore {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final Client client;
  private final KV kv;
  private final List<String> endpoints;

  public EtcdStore(List<String> endpoints) {
    this.endpoints = List.copyOf(endpoints);
    this.client = Client.builder().endpoints(endpoints.toArray(String[]::new)).connectTimeout(TIMEOUT).build();
    this.kv = client.getKVClient();
  }

  public List<String> endpoints() {
    return endpoints;
  }

  @Override
  public Optional<Entry> get(String key) {
    GetResponse r = await(kv.get(bytes(key)));
    return r.getKvs().stream().findFirst().map(EtcdStore::entry);
  }

  @Override
  public Listing list(String prefix) {
    GetResponse r = await(kv.get(bytes(prefix), GetOption.builder().isPrefix(true).build()));
    List<Entry> out = new ArrayList<>();
    for (KeyValue v : r.getKvs()) {
      out.add(entry(v));
    }
    return new Listing(out, r.getHeader().getRevision());
  }

  @Override
  public long commit(List<Condition> conditions, List<Op> ops) {
    Txn txn = kv.txn();
    List<Cmp> cmps = new ArrayList<>();
    for (Condition c : conditions) {
      switch (c) {
        case Condition.Absent a -> cmps.add(new Cmp(bytes(a.key()), Cmp.Op.EQUAL, CmpTarget.createRevision(0)));
        case Condition.AtRevision r ->
            cmps.add(new Cmp(bytes(r.key()), Cmp.Op.EQUAL, CmpTarget.modRevision(r.modRevision())));
      }
    }
    List<io.etcd.jetcd.op.Op> thens = new ArrayList<>();
    for (Op o : ops) {
      switch (o) {
        case Op.Put p -> thens.add(io.etcd.jetcd.op.Op.put(bytes(p.key()), bytes(p.value()),
            p.lease() == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(p.lease()).build()));
        case Op.Delete d -> thens.add(io.etcd.jetcd.op.Op.delete(bytes(d.key()), DeleteOption.DEFAULT));
        case Op.DeletePrefix d -> thens.add(io.etcd.jetcd.op.Op.delete(bytes(d.prefix()),
            DeleteOption.builder().isPrefix(true).build()));
      }
    }
    TxnResponse r = await(txn.If(cmps.toArray(Cmp[]::new)).Then(thens.toArray(io.etcd.jetcd.op.Op[]::new)).commit());
    return r.isSucceeded() ? r.getHeader().getRevision() : -1;
  }

  @Override
  public AutoCloseable watch(String prefix, long fromRevision, Consumer<List<Change>> onChanges,
      Consumer<Throwable> onError) {
    WatchOption opt = WatchOption.builder().isPrefix(true).withRevision(fromRevision).build();
    Watch.Watcher w = client.getWatchClient().watch(bytes(prefix), opt, Watch.listener(resp -> {
      List<Change> changes = new ArrayList<>();
      for (WatchEvent e : resp.getEvents()) {
        KeyValue v = e.getKeyValue();
        String value = e.getEventType() == WatchEvent.EventType.DELETE ? null : text(v.getValue());
        changes.add(new Change(text(v.getKey()), value, v.getModRevision()));
      }
      if (!changes.isEmpty()) {
        onChanges.accept(changes);
      }
    }, onError::accept));
    return w::close;
  }

  @Override
  public long grantLease(long ttlSeconds) {
    return await(client.getLeaseClient().grant(ttlSeconds)).getID();
  }

  @Override
  public AutoCloseable keepAlive(long lease, Runnable onLost) {
    var handle = client.getLeaseClient().keepAlive(lease, new StreamObserver<LeaseKeepAliveResponse>() {
      @Override
      public void onNext(LeaseKeepAliveResponse r) {
        if (r.getTTL() <= 0) {
          onLost.run();
        }
      }

      @Override
      public void onError(Throwable t) {
        onLost.run();
      }

      @Override
      public void onCompleted() {}
    });
    return handle::close;
  }

  @Override
  public void revokeLease(long lease) {
    await(client.getLeaseClient().revoke(lease));
  }

  @Override
  public void close() {
    client.close();
  }

  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new Unavailable("the cluster store did not answer within " + TIMEOUT.toSeconds()
          + " s: it may have lost its quorum", e);
    } catch (ExecutionException e) {
      throw new Unavailable("the cluster store refused the request: " + rootMessage(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while waiting for the cluster store", e);
    }
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static Entry entry(KeyValue v) {
    return new Entry(text(v.getKey()), text(v.getValue()), v.getModRevision());
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private static String text(ByteSequence b) {
    return b.toString(StandardCharsets.UTF_8);
  }
}
