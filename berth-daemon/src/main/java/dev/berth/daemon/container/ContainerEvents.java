package dev.berth.daemon.container;

import dev.berth.daemon.events.EventBus;
import java.util.HashMap;
import java.util.Map;

/**
 * Publishes container events with the attributes Docker gives them: the container's labels,
 * then {@code image} (as the client named it) and {@code name}, plus any detail of the action
 * ({@code exitCode} for die, {@code signal} for kill). A service without a bus publishes nothing.
 */
public final class ContainerEvents {
  private volatile EventBus bus;

  /** Connects the bus; until then events go nowhere (tests build services without one). */
  public void connect(EventBus bus) {
    this.bus = bus;
  }

  public EventBus bus() {
    return bus;
  }

  public void emit(Container c, String action) {
    emit(c, action, Map.of());
  }

  public void emit(Container c, String action, Map<String, String> extra) {
    EventBus b = bus;
    if (b == null) {
      return;
    }
    Map<String, String> attributes = new HashMap<>(ContainerViews.labels(c));
    attributes.put("image", c.image == null ? "" : c.image);
    attributes.put("name", c.name);
    attributes.putAll(extra);
    b.publish("container", action, c.id, attributes);
  }
}
