package dev.berth.daemon.cluster.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The cluster's state as keys and values with revisions: exactly the part of etcd's model that
 * Berth's orchestration relies on. Every write answers the store's revision after it, and every
 * key carries the revision of its last write; that revision is what the Engine API calls an
 * object's {@code Version.Index}, so "update out of sequence" is a failed compare in a transaction.
 *
 * <p>Implementations: {@link EtcdStore} for real clusters, and an in-memory one in the tests, so
 * that the orchestrator, the scheduler and the node agent are tested without a process.
 */
public interface ClusterStore extends AutoCloseable {

  /** A key's value and the revision of its last write. */
  record Entry(String key, String value, long modRevision) {}

  /** A prefix read at one revision: watch from {@code revision + 1} to miss nothing. */
  record Listing(List<Entry> entries, long revision) {}

  /** One change seen by a watch; {@code value} is null when the key was deleted. */
  record Change(String key, String value, long modRevision) {}

  /** A condition of a transaction. */
  sealed interface Condition {
    /** The key must not exist (etcd: {@code create_revision == 0}). */
    record Absent(String key) implements Condition {}

    /** The key's last write must be this revision. */
    record AtRevision(String key, long modRevision) implements Condition {}
  }

  /** An operation of a transaction. */
  sealed interface Op {
    record Put(String key, String value, long lease) implements Op {
      public Put(String key, String value) {
        this(key, value, 0);
      }
    }

    record Delete(String key) implements Op {}

    /** Deletes every key under a prefix. */
    record DeletePrefix(String prefix) implements Op {}
  }

  /** The store cannot be reached or has lost its quorum: changes are refused until it returns. */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  Optional<Entry> get(String key);

  Listing list(String prefix);

  /**
   * Applies {@code ops} atomically if every condition holds. Answers the revision after the write,
   * or -1 when a condition failed (nothing was written).
   */
  long commit(List<Condition> conditions, List<Op> ops);

  /** Writes one key unconditionally; answers the revision after the write. */
  default long put(String key, String value) {
    return commit(List.of(), List.of(new Op.Put(key, value)));
  }

  /** Deletes one key unconditionally. */
  default void delete(String key) {
    commit(List.of(), List.of(new Op.Delete(key)));
  }

  /**
   * Calls {@code onChanges} with every change under {@code prefix} after {@code fromRevision}, in
   * order, on a thread of the store's. {@code onError} is told when the watch ends abnormally (a
   * compacted revision, a lost connection): the caller lists again and watches anew.
   */
  AutoCloseable watch(String prefix, long fromRevision, Consumer<List<Change>> onChanges, Consumer<Throwable> onError);

  /** A lease that expires {@code ttlSeconds} after its last keep-alive; keys written with it vanish then. */
  long grantLease(long ttlSeconds);

  /** Keeps a lease alive until closed; a lease that cannot be renewed is reported to {@code onLost}. */
  AutoCloseable keepAlive(long lease, Runnable onLost);

  void revokeLease(long lease);

  @Override
  void close();
}
