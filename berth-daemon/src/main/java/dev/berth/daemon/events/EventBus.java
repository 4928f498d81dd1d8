package dev.berth.daemon.events;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The daemon's event bus: every domain publishes what happened, {@code GET /events} subscribers
 * receive it as it happens, and the last {@value #CAPACITY} events stay in memory so that a
 * subscriber with {@code since} sees the recent past first (Docker keeps a similar ring; events
 * are not persisted across restarts, as in Docker).
 *
 * <p>Publishing never blocks on a subscriber: each has its own bounded queue, and one that falls
 * {@value #SUBSCRIBER_BACKLOG} events behind is dropped (its stream ends) rather than slowing the
 * container lifecycle or filling memory.
 *
 * <p>How other parts of the daemon publish:
 * <pre>{@code
 * // a volume (the actor ID of a volume is its name)
 * bus.publish("volume", "create", "data", Map.of("driver", "local"));
 * bus.publish("volume", "mount", "data", Map.of("container", containerId, "destination", "/data",
 *     "driver", "local", "propagation", "", "read/write", "true"));
 * bus.publish("volume", "unmount", "data", Map.of("container", containerId, "driver", "local"));
 * bus.publish("volume", "destroy", "data", Map.of("driver", "local"));
 * // a container: go through ContainerService.events(), which adds name, image and the labels
 * // as Docker does (health checks: "health_status: healthy" or "health_status: unhealthy")
 * containers.events().emit(container, "health_status: healthy");
 * containers.events().emit(container, "oom");
 * }</pre>
 * The daemon makes one bus at start ({@code Daemon.start}) and hands it to each service; a new
 * service takes it the same way (a {@code events(EventBus)} setter, publishing nothing until set).
 * Attribute maps may be any map (they are copied); a null map means none. Actions with a detail
 * after a colon ({@code health_status: healthy}, {@code exec_start: sh -c ...}) match the filter
 * {@code event=health_status} by prefix, as in Docker.
 */
public final class EventBus {
  static final int CAPACITY = 1024;
  static final int SUBSCRIBER_BACKLOG = 4096;

  private final ArrayDeque<Event> ring = new ArrayDeque<>(CAPACITY);
  private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
  private long lastNano;

  /** Publishes an event stamped now. */
  public void publish(String type, String action, String actorId, Map<String, String> attributes) {
    Instant now = Instant.now();
    long nano = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    Event e;
    synchronized (this) {
      // strictly increasing: replay by time and the order of lines must agree
      nano = Math.max(nano, lastNano + 1);
      lastNano = nano;
      e = new Event(type, action, actorId, attributes, nano);
      if (ring.size() == CAPACITY) {
        ring.removeFirst();
      }
      ring.addLast(e);
      for (Subscription s : subscribers) {
        s.offer(e);
      }
    }
  }

  /**
   * Subscribes: the result holds the buffered events from {@code sinceNano} (and up to
   * {@code untilNano} when that is positive) that match, then delivers new matching events.
   * Docker replays only when since or until is given; so does this.
   */
  public Subscription subscribe(long sinceNano, long untilNano, Predicate<Event> filter) {
    Subscription s = new Subscription(filter);
    synchronized (this) {
      if (sinceNano > 0 || untilNano > 0) {
        for (Event e : ring) {
          if (e.timeNano() >= sinceNano && (untilNano <= 0 || e.timeNano() <= untilNano) && filter.test(e)) {
            s.replay.add(e);
          }
        }
      }
      subscribers.add(s);
    }
    return s;
  }

  /** A snapshot of the buffered events, oldest first (for tests and diagnostics). */
  public synchronized List<Event> recent() {
    return new ArrayList<>(ring);
  }

  /** One subscriber: its replayed past and its queue of live events. */
  public final class Subscription implements AutoCloseable {
    private final Predicate<Event> filter;
    private final List<Event> replay = new ArrayList<>();
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>(SUBSCRIBER_BACKLOG);
    private volatile boolean overflowed;

    private Subscription(Predicate<Event> filter) {
      this.filter = filter;
    }

    private void offer(Event e) {
      if (!overflowed && filter.test(e) && !queue.offer(e)) {
        overflowed = true;
        subscribers.remove(this);
      }
    }

    /** The buffered events that matched, oldest first. */
    public List<Event> replay() {
      return replay;
    }

    /** The next live event, or null after the wait; throws once the subscriber fell too far behind. */
    public Event poll(long millis) throws InterruptedException {
      Event e = queue.poll(millis, TimeUnit.MILLISECONDS);
      if (e == null && overflowed) {
        throw new IllegalStateException("event subscriber fell behind");
      }
      return e;
    }

    @Override
    public void close() {
      subscribers.remove(this);
    }
  }
}
