package dev.berth.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SocketGroupTest {
  private static final List<String> GROUPS = List.of("root:x:0:", "berth:x:998:alice", "ops:x:1001:bob");

  @Test
  void theDefaultIsBerthWhenItExistsElseRoot() {
    assertThat(SocketGroup.resolve(null, GROUPS)).isEqualTo(new SocketGroup(998, "berth"));
    assertThat(SocketGroup.resolve(null, List.of("root:x:0:"))).isEqualTo(new SocketGroup(0, "root"));
  }

  @Test
  void aNamedGroupOrANumberIsUsedAndAnUnknownNameRefused() {
    assertThat(SocketGroup.resolve("ops", GROUPS)).isEqualTo(new SocketGroup(1001, "ops"));
    assertThat(SocketGroup.resolve("4242", GROUPS)).isEqualTo(new SocketGroup(4242, "4242"));
    assertThat(SocketGroup.resolve("", GROUPS)).isEqualTo(new SocketGroup(0, "root"));
    assertThatThrownBy(() -> SocketGroup.resolve("nosuch", GROUPS))
        .hasMessage("group nosuch not found: create it (groupadd nosuch) or name another with -G");
  }
}
