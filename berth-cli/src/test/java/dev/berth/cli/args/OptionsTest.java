package dev.berth.cli.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
  private final Options opts = new Options().bool('i', "interactive", "").bool('t', "tty", "").bool("rm", "")
      .list('e', "env", "list", "").value("name", "string", "").stopAtFirstPositional();

  @Test
  void pflagShapes() {
    ParsedArgs a = opts.parse(List.of("-it", "-eA=1", "-e", "B=2", "--env=C=3", "--name", "n", "--rm=false", "img", "sh", "-c", "x"));
    assertThat(a.bool("interactive")).isTrue();
    assertThat(a.bool("tty")).isTrue();
    assertThat(a.list("env")).containsExactly("A=1", "B=2", "C=3");
    assertThat(a.value("name")).isEqualTo("n");
    assertThat(a.has("rm")).isTrue();
    assertThat(a.bool("rm")).isFalse();
    assertThat(a.positional()).containsExactly("img", "sh", "-c", "x");
  }

  @Test
  void errors() {
    assertThatThrownBy(() -> opts.parse(List.of("--nope"))).hasMessage("unknown flag: --nope");
    assertThatThrownBy(() -> opts.parse(List.of("-x"))).hasMessage("unknown shorthand flag: 'x' in -x");
    assertThatThrownBy(() -> opts.parse(List.of("--name"))).hasMessage("flag needs an argument: --name");
  }

  @Test
  void interspersedByDefault() {
    ParsedArgs a = new Options().bool('f', "force", "").parse(List.of("a", "-f", "b"));
    assertThat(a.positional()).containsExactly("a", "b");
    assertThat(a.bool("force")).isTrue();
  }
}
