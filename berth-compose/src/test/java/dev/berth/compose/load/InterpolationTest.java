package dev.berth.compose.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterpolationTest {
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, String> env = Map.of("SET", "value", "EMPTY", "", "OTHER", "o");
  private final Interpolation interp = new Interpolation(env::get, warnings::add);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "$SET|value",
      "${SET}|value",
      "a${SET}b|avalueb",
      "${SET:-x}|value",
      "${EMPTY:-x}|x",
      "${UNSET:-x}|x",
      "${SET-x}|value",
      "${EMPTY-x}|''",
      "${UNSET-x}|x",
      "${SET:+y}|y",
      "${EMPTY:+y}|''",
      "${UNSET:+y}|''",
      "${SET+y}|y",
      "${EMPTY+y}|y",
      "${UNSET+y}|''",
      "${SET:?err}|value",
      "${EMPTY?err}|''",
      "$$SET|$SET",
      "$${SET}|${SET}",
      "${UNSET:-${OTHER}}|o",
      "${UNSET:-${ALSO_UNSET:-deep}}|deep",
      "${UNSET:-a b c}|a b c",
      "no dollars|no dollars",
      "price: 5$$|price: 5$",
  })
  void everyForm(String in, String out) {
    assertThat(interp.substitute(in, "x")).isEqualTo(out);
  }

  @Test
  void anUnsetVariableWarnsAndBecomesEmpty() {
    assertThat(interp.substitute("a${NOPE}b", "x")).isEqualTo("ab");
    assertThat(warnings).containsExactly("The \"NOPE\" variable is not set. Defaulting to a blank string.");
  }

  @Test
  void requiredVariablesFailWithTheirMessage() {
    assertThatThrownBy(() -> interp.substitute("${UNSET:?please set it}", "x"))
        .hasMessage("required variable UNSET is missing a value: please set it");
    assertThatThrownBy(() -> interp.substitute("${EMPTY:?}", "x")).hasMessage("required variable EMPTY is missing a value");
    assertThatThrownBy(() -> interp.substitute("${UNSET?gone}", "x")).hasMessage("required variable UNSET is missing a value: gone");
  }

  @Test
  void invalidTemplatesAreErrors() {
    assertThatThrownBy(() -> interp.substitute("${SET", "services.web.image")).hasMessageContaining("Invalid template")
        .hasMessageContaining("services.web.image");
    assertThatThrownBy(() -> interp.substitute("a $ b", "x")).hasMessageContaining("Invalid template");
  }

  @Test
  void keysAreNeverInterpolatedValuesAre() {
    Object out = interp.apply(Map.of("$SET", List.of("${SET}", 5L)), "");
    assertThat(out).isEqualTo(Map.of("$SET", List.of("value", 5L)));
  }
}
