package dev.berth.daemon.events;

import dev.berth.api.Filters;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Docker's event filters: {@code type}, {@code event}, {@code scope} match exactly; {@code
 * container}, {@code network}, {@code volume}, {@code daemon} match an event of that type by ID
 * or name, exactly or by prefix; {@code image} matches an image or container event by ID or image
 * name, with or without its tag; {@code label} matches the actor's attributes. Different keys
 * must all match, values of one key are alternatives; a key that names a type (container,
 * network...) lets events of other types through only if they also match it, which in Docker
 * means it leaves only events of that type.
 */
public final class EventFilter implements Predicate<Event> {
  static final Set<String> KEYS = Set.of("config", "container", "daemon", "event", "image", "label", "network",
      "node", "plugin", "scope", "secret", "service", "type", "volume");
  /** Actions with a detail after a colon: a filter without the detail matches by prefix. */
  private static final Set<String> FUZZY_ACTIONS = Set.of("health_status", "exec_create", "exec_start");

  private final Filters filters;

  public EventFilter(Filters filters) {
    filters.requireKnown(KEYS);
    this.filters = filters;
  }

  @Override
  public boolean test(Event e) {
    return matchAction(e) && exact("type", e.type()) && exact("scope", "local")
        && byName("container", e) && byName("network", e) && byName("volume", e) && byName("daemon", e)
        && byName("plugin", e) && byName("node", e) && byName("service", e) && byName("secret", e)
        && byName("config", e) && matchImage(e) && filters.matchesLabels("label", e.attributes());
  }

  private boolean matchAction(Event e) {
    if (!filters.has("event")) {
      return true;
    }
    boolean fuzzy = filters.get("event").stream().anyMatch(FUZZY_ACTIONS::contains);
    for (String want : filters.get("event")) {
      if (want.equals(e.action()) || fuzzy && e.action().startsWith(want)) {
        return true;
      }
    }
    return false;
  }

  private boolean exact(String key, String value) {
    return !filters.has(key) || filters.get(key).contains(value);
  }

  /** Docker's fuzzyMatchName: the actor ID or its name attribute, exactly or by prefix. */
  private boolean byName(String type, Event e) {
    if (!filters.has(type)) {
      return true;
    }
    if (!e.type().equals(type)) {
      return false;
    }
    String name = e.attributes().get("name");
    for (String want : filters.get(type)) {
      if (e.actorId().startsWith(want) || name != null && name.startsWith(want)) {
        return true;
      }
    }
    return false;
  }

  private boolean matchImage(Event e) {
    if (!filters.has("image")) {
      return true;
    }
    String name = e.attributes().getOrDefault(e.type().equals("image") ? "name" : "image", "");
    List<String> wants = filters.get("image");
    for (String candidate : List.of(e.actorId(), name, stripTag(e.actorId()), stripTag(name))) {
      if (!candidate.isEmpty() && wants.contains(candidate)) {
        return true;
      }
    }
    return false;
  }

  /** {@code busybox:1.36} is {@code busybox}; a registry port ({@code host:5000/x}) is not a tag. */
  static String stripTag(String ref) {
    int at = ref.indexOf('@');
    if (at >= 0) {
      ref = ref.substring(0, at);
    }
    int colon = ref.lastIndexOf(':');
    return colon > ref.lastIndexOf('/') && !ref.startsWith("sha256:") ? ref.substring(0, colon) : ref;
  }
}
