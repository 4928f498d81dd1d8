package dev.berth.daemon.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.Filters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFilterTest {
  static final String CID = "c0ffee" + "0".repeat(58);
  static final Event START = new Event("container", "start", CID,
      Map.of("name", "web", "image", "busybox:1.36", "app", "shop"), 1);
  static final Event HEALTH = new Event("container", "health_status: healthy", CID, Map.of("name", "web"), 2);
  static final Event NET = new Event("network", "connect", "beef" + "0".repeat(60),
      Map.of("name", "bridge", "type", "bridge", "container", CID), 3);
  static final Event TAG = new Event("image", "tag", "sha256:" + "1".repeat(64), Map.of("name", "busybox:latest"), 4);

  private static EventFilter filter(String... args) {
    return new EventFilter(Filters.ofArgs(List.of(args)));
  }

  @Test
  void noFilterTakesEverything() {
    EventFilter f = filter();
    assertThat(List.of(START, HEALTH, NET, TAG)).allMatch(f);
  }

  @Test
  void typeAndEventMatchExactly() {
    assertThat(filter("type=network").test(NET)).isTrue();
    assertThat(filter("type=network").test(START)).isFalse();
    assertThat(filter("event=start").test(START)).isTrue();
    assertThat(filter("event=star").test(START)).isFalse();
    assertThat(filter("event=start", "event=die").test(START)).isTrue();
  }

  @Test
  void healthStatusMatchesByPrefix() {
    assertThat(filter("event=health_status").test(HEALTH)).isTrue();
    assertThat(filter("event=health_status: healthy").test(HEALTH)).isTrue();
    assertThat(filter("event=health_status: unhealthy").test(HEALTH)).isFalse();
  }

  @Test
  void containerMatchesIdPrefixOrNameAndOnlyContainerEvents() {
    assertThat(filter("container=web").test(START)).isTrue();
    assertThat(filter("container=c0ffee").test(START)).isTrue();
    assertThat(filter("container=other").test(START)).isFalse();
    // Docker: a container filter leaves only container events, even the network event naming it
    assertThat(filter("container=web").test(NET)).isFalse();
  }

  @Test
  void imageMatchesWithOrWithoutTag() {
    assertThat(filter("image=busybox").test(START)).isTrue();
    assertThat(filter("image=busybox:1.36").test(START)).isTrue();
    assertThat(filter("image=alpine").test(START)).isFalse();
    assertThat(filter("image=busybox").test(TAG)).isTrue();
    assertThat(filter("image=sha256:" + "1".repeat(64)).test(TAG)).isTrue();
    assertThat(filter("image=busybox").test(NET)).isFalse();
  }

  @Test
  void labelsMatchAttributes() {
    assertThat(filter("label=app").test(START)).isTrue();
    assertThat(filter("label=app=shop").test(START)).isTrue();
    assertThat(filter("label=app=other").test(START)).isFalse();
    assertThat(filter("label=app", "label=tier").test(START)).isFalse();
  }

  @Test
  void differentKeysMustAllMatch() {
    assertThat(filter("type=container", "event=start", "container=web").test(START)).isTrue();
    assertThat(filter("type=container", "event=die", "container=web").test(START)).isFalse();
    assertThat(filter("network=bridge").test(NET)).isTrue();
    assertThat(filter("network=bri", "event=connect").test(NET)).isTrue();
  }

  @Test
  void unknownKeysAreRefused() {
    assertThatThrownBy(() -> filter("colour=red")).hasMessage("invalid filter 'colour'");
  }

  @Test
  void stripTagKeepsRegistryPorts() {
    assertThat(EventFilter.stripTag("localhost:5000/app")).isEqualTo("localhost:5000/app");
    assertThat(EventFilter.stripTag("localhost:5000/app:1")).isEqualTo("localhost:5000/app");
    assertThat(EventFilter.stripTag("app@sha256:abc")).isEqualTo("app");
  }
}
