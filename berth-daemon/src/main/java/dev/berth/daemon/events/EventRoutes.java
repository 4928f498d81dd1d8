package dev.berth.daemon.events;

import dev.berth.api.Json;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * {@code GET /events}: the replay of buffered events when {@code since} or {@code until} is
 * given, then live events as they happen, one JSON object per line, flushed per event. With an
 * {@code until} in the past the stream ends after the replay; with one in the future it ends then.
 */
public final class EventRoutes {
  private final EventBus bus;

  public EventRoutes(EventBus bus) {
    this.bus = bus;
  }

  public void register(Router r) {
    r.get("/events", this::events);
  }

  private void events(Exchange x) throws Exception {
    long since = time(x, "since");
    long until = time(x, "until");
    if (until > 0 && until < since) {
      throw ApiException.badRequest("`since` time (" + x.query("since") + ") cannot be after `until` time ("
          + x.query("until") + ")");
    }
    EventFilter filter;
    try {
      filter = new EventFilter(x.filters());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    long now = nanos(Instant.now());
    boolean onlyPast = until > 0 && until < now;
    try (EventBus.Subscription sub = bus.subscribe(since, until, filter);
        OutputStream out = x.stream(HttpResponseStatus.OK, "application/json", null)) {
      for (Event e : sub.replay()) {
        write(out, e);
      }
      if (onlyPast) {
        return;
      }
      while (x.connected()) {
        long wait = 1000;
        if (until > 0) {
          long left = (until - nanos(Instant.now())) / 1_000_000L;
          if (left <= 0) {
            return;
          }
          wait = Math.min(wait, left);
        }
        Event e;
        try {
          e = sub.poll(wait);
        } catch (IllegalStateException behind) {
          return;
        }
        if (e != null && e.timeNano() >= since && (until <= 0 || e.timeNano() <= until)) {
          write(out, e);
        }
      }
    } catch (IOException clientGone) {
      // the client hung up
    }
  }

  private static void write(OutputStream out, Event e) throws IOException {
    byte[] json = Json.toBytes(e.toJson());
    byte[] line = new byte[json.length + 1];
    System.arraycopy(json, 0, line, 0, json.length);
    line[json.length] = '\n';
    out.write(line);
  }

  /** Unix seconds with an optional fraction, or an RFC 3339 time; absent or 0 means none. */
  private static long time(Exchange x, String name) {
    String v = x.query(name);
    if (v == null || v.isEmpty() || v.equals("0")) {
      return 0;
    }
    try {
      return nanos(parse(v));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid value for " + name + ": " + v);
    }
  }

  static Instant parse(String v) {
    if (v.matches("[0-9]+(\\.[0-9]{1,9})?")) {
      return dev.berth.daemon.util.Times.parseInstant(v);
    }
    try {
      return java.time.OffsetDateTime.parse(v).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("invalid time " + v);
    }
  }

  private static long nanos(Instant i) {
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
