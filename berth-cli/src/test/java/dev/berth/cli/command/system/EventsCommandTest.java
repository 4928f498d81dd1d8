package dev.berth.cli.command.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.json.Json;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsCommandTest {
  static final Map<?, ?> DIE = (Map<?, ?>) Json.parse("""
      {"status":"die","id":"abc","from":"busybox","Type":"container","Action":"die",
       "Actor":{"ID":"abc","Attributes":{"name":"web","image":"busybox","exitCode":"0"}},
       "scope":"local","time":1795618800,"timeNano":1795618800000001000}""");

  @Test
  void dockersLineFormatWithSortedAttributes() {
    assertThat(EventsCommand.line(DIE, ZoneOffset.UTC))
        .isEqualTo("2026-11-25T15:00:00.000001000Z container die abc (exitCode=0, image=busybox, name=web)\n");
  }

  @Test
  void localZoneOffsetAndNoAttributes() {
    Map<?, ?> e = (Map<?, ?>) Json.parse("""
        {"Type":"network","Action":"destroy","Actor":{"ID":"n1","Attributes":{}},"time":1795618800}""");
    assertThat(EventsCommand.line(e, ZoneId.of("+01:00")))
        .isEqualTo("2026-11-25T16:00:00.000000000+01:00 network destroy n1\n");
  }
}
