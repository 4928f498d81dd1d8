package dev.berth.daemon.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One event as Docker's {@code events.Message} carries it. Containers and images also fill the
 * legacy {@code status}, {@code id} and {@code from} fields, which older clients still read.
 *
 * @param type {@code container}, {@code image}, {@code network}, {@code volume}, {@code daemon}
 * @param action what happened ({@code start}, {@code die}, {@code health_status: healthy}, ...)
 * @param actorId the object's ID (an image's {@code sha256:...}, a volume's name)
 * @param attributes name, image, labels and action details, sorted by key
 * @param timeNano Unix time in nanoseconds, never going back between two events of one bus
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, long timeNano) {
  public Event {
    attributes = Collections.unmodifiableMap(new TreeMap<>(attributes == null ? Map.of() : attributes));
  }

  /** The JSON document in Docker's field order. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (type.equals("container") || type.equals("image")) {
      m.put("status", action);
      m.put("id", actorId);
      if (type.equals("container")) {
        m.put("from", attributes.getOrDefault("image", ""));
      }
    }
    m.put("Type", type);
    m.put("Action", action);
    Map<String, Object> actor = new LinkedHashMap<>();
    actor.put("ID", actorId);
    actor.put("Attributes", attributes);
    m.put("Actor", actor);
    m.put("scope", "local");
    m.put("time", Math.floorDiv(timeNano, 1_000_000_000L));
    m.put("timeNano", timeNano);
    return m;
  }
}
