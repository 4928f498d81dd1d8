package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
  @Test
  void parsesDockersFormat() {
    assertThat(DetachKeys.parse("")).containsExactly(16, 17);
    assertThat(DetachKeys.parse(null)).containsExactly(16, 17);
    assertThat(DetachKeys.parse("ctrl-a,x")).containsExactly(1, 'x');
    assertThat(DetachKeys.parse("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_")).containsExactly(0, 27, 28, 29, 30, 31);
    assertThat(DetachKeys.parse("CTRL-Z")).containsExactly(26);
  }

  @Test
  void refusesWhatDockerRefuses() {
    for (String bad : new String[] {"ctrl-ab", "nope", "ctrl-1", "a,,b", "ctrl-"}) {
      assertThatThrownBy(() -> DetachKeys.parse(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Invalid detach keys (" + bad + ") provided");
    }
  }

  @Test
  void holdsBackAPrefixAndPassesItOnWhenTheSequenceBreaks() {
    DetachKeys.Scanner s = new DetachKeys.Scanner(DetachKeys.parse(""));
    assertThat(feed(s, "ab\u0010")).isEqualTo("ab");
    assertThat(feed(s, "c")).isEqualTo("\u0010c");
    assertThat(s.detached()).isFalse();
    // a repeated first key keeps the sequence going
    assertThat(feed(s, "\u0010\u0010")).isEqualTo("\u0010");
    assertThat(feed(s, "\u0011after")).isEmpty();
    assertThat(s.detached()).isTrue();
  }

  @Test
  void findsTheSequenceAcrossReadsAndNeverPassesItOn() {
    DetachKeys.Scanner s = new DetachKeys.Scanner(DetachKeys.parse("ctrl-x,x,y"));
    assertThat(feed(s, "ls\r\u0018")).isEqualTo("ls\r");
    assertThat(feed(s, "x")).isEmpty();
    assertThat(s.detached()).isFalse();
    assertThat(feed(s, "y")).isEmpty();
    assertThat(s.detached()).isTrue();
  }

  private static String feed(DetachKeys.Scanner s, String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    return new String(s.feed(b, 0, b.length), StandardCharsets.ISO_8859_1);
  }
}
