package dev.berth.daemon.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventBusTest {
  @Test
  void liveSubscribersGetMatchingEventsInOrder() throws Exception {
    EventBus bus = new EventBus();
    try (EventBus.Subscription s = bus.subscribe(0, 0, e -> e.type().equals("container"))) {
      assertThat(s.replay()).isEmpty();
      bus.publish("container", "create", "a", Map.of("name", "x"));
      bus.publish("network", "create", "n", Map.of());
      bus.publish("container", "start", "a", Map.of("name", "x"));
      assertThat(s.poll(1000).action()).isEqualTo("create");
      assertThat(s.poll(1000).action()).isEqualTo("start");
      assertThat(s.poll(10)).isNull();
    }
  }

  @Test
  void withoutSinceOrUntilNothingIsReplayed() {
    EventBus bus = new EventBus();
    bus.publish("container", "create", "a", Map.of());
    assertThat(bus.subscribe(0, 0, e -> true).replay()).isEmpty();
  }

  @Test
  void sinceAndUntilReplayAWindowOfThePast() {
    EventBus bus = new EventBus();
    bus.publish("container", "create", "a", Map.of());
    bus.publish("container", "start", "a", Map.of());
    bus.publish("container", "die", "a", Map.of());
    var all = bus.recent();
    long second = all.get(1).timeNano();
    assertThat(bus.subscribe(second, 0, e -> true).replay()).extracting(Event::action).containsExactly("start", "die");
    assertThat(bus.subscribe(0, second, e -> true).replay()).extracting(Event::action).containsExactly("create", "start");
    assertThat(bus.subscribe(1, 0, e -> e.action().equals("die")).replay()).hasSize(1);
  }

  @Test
  void timesNeverGoBackAndTheRingIsBounded() {
    EventBus bus = new EventBus();
    for (int i = 0; i < EventBus.CAPACITY + 10; i++) {
      bus.publish("container", "start", Integer.toString(i), Map.of());
    }
    var all = bus.recent();
    assertThat(all).hasSize(EventBus.CAPACITY);
    assertThat(all.get(0).actorId()).isEqualTo("10");
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).timeNano()).isGreaterThan(all.get(i - 1).timeNano());
    }
  }

  @Test
  void dockerShapeWithLegacyFields() {
    Event e = new Event("container", "die", "abc", Map.of("name", "x", "image", "busybox", "exitCode", "0"),
        1_795_619_484_136_311_671L);
    Map<String, Object> json = e.toJson();
    assertThat(json.keySet()).containsExactly("status", "id", "from", "Type", "Action", "Actor", "scope", "time",
        "timeNano");
    assertThat(json).containsEntry("from", "busybox").containsEntry("time", 1_795_619_484L)
        .containsEntry("scope", "local");
    Event net = new Event("network", "create", "n", Map.of("name", "n1"), 5);
    assertThat(net.toJson()).doesNotContainKeys("status", "id", "from");
  }
}
