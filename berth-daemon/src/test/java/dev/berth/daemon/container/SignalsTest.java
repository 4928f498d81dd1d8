package dev.berth.daemon.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.daemon.server.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignalsTest {
  @ParameterizedTest
  @ValueSource(strings = {"SIGTERM", "TERM", "term", "SigTerm", "15", " SIGTERM "})
  void termIsFifteenInEverySpelling(String spelling) {
    assertThat(Signals.number(spelling)).isEqualTo(15);
  }

  @Test
  void commonSignalsHaveTheirLinuxNumbers() {
    assertThat(Signals.number("SIGKILL")).isEqualTo(9);
    assertThat(Signals.number("HUP")).isEqualTo(1);
    assertThat(Signals.number("SIGUSR1")).isEqualTo(10);
    assertThat(Signals.number("WINCH")).isEqualTo(28);
    assertThat(Signals.number("SIGSTOP")).isEqualTo(19);
  }

  @Test
  void realTimeSignalsCountFromRtminAndRtmax() {
    assertThat(Signals.number("RTMIN+3")).isEqualTo(37);
    assertThat(Signals.number("SIGRTMIN+3")).isEqualTo(37);
    assertThat(Signals.number("SIGRTMAX-2")).isEqualTo(62);
  }

  @Test
  void plainRtminAndRtmaxAreSignals() {
    assertThat(Signals.number("SIGRTMIN")).isEqualTo(34);
    assertThat(Signals.number("RTMAX")).isEqualTo(64);
  }

  @Test
  void numbersUpTo64AreAccepted() {
    assertThat(Signals.number("1")).isEqualTo(1);
    assertThat(Signals.number("64")).isEqualTo(64);
  }

  @ParameterizedTest
  @ValueSource(strings = {"X", "SIGFOO", "0", "65", "RTMIN+99", "RTMAX-x", ""})
  void anythingElseIs400WithDockersMessage(String bad) {
    assertThatThrownBy(() -> Signals.number(bad))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().code()).isEqualTo(400))
        .hasMessage("Invalid signal: " + bad);
  }
}
