package dev.berth.daemon.cluster;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loop's doorbell: a watch or an exit rings it, and the loop runs at once instead of at its next
 * tick. Rings while the loop is busy fold into one, so a burst of changes costs one pass.
 */
final class Wakeups {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition rung = lock.newCondition();
  private boolean pending;

  void ring() {
    lock.lock();
    try {
      pending = true;
      rung.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits for a ring or the timeout; answers whether it was rung. */
  boolean await(long millis) throws InterruptedException {
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
      while (!pending && nanos > 0) {
        nanos = rung.awaitNanos(nanos);
      }
      boolean was = pending;
      pending = false;
      return was;
    } finally {
      lock.unlock();
    }
  }
}
