package dev.berth.e2e;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way the end-to-end tests wait for something the daemon does in the background: ask
 * again every 100 ms until the answer satisfies the condition or the deadline passes, then fail
 * with the last answer seen, so a failure says what was there instead.
 */
final class Eventually {
  private Eventually() {}

  static <T> T until(Duration limit, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + limit.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + limit.toSeconds() + " s; last seen: " + last);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      last = probe.get();
    }
    return last;
  }
}
