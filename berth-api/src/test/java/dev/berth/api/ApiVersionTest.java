package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiVersionTest {
  @Test
  void parsesMajorAndMinor() {
    assertThat(ApiVersion.parse("1.51")).isEqualTo(new ApiVersion(1, 51));
  }

  @Test
  void comparesNumericallyNotAsText() {
    assertThat(ApiVersion.parse("1.9")).isLessThan(ApiVersion.parse("1.24"));
    assertThat(ApiVersion.parse("2.0")).isGreaterThan(ApiVersion.parse("1.51"));
  }

  @Test
  void atLeastIncludesEquality() {
    assertThat(ApiVersion.CURRENT.atLeast(new ApiVersion(1, 51))).isTrue();
    assertThat(ApiVersion.MINIMUM.atLeast(ApiVersion.CURRENT)).isFalse();
  }

  @Test
  void printsAsWritten() {
    assertThat(ApiVersion.CURRENT).hasToString("1.51");
    assertThat(ApiVersion.MINIMUM).hasToString("1.24");
  }

  @Test
  void rejectsAnythingElse() {
    for (String bad : new String[] {"1", "1.", ".5", "a.b", "1.2.3", ""}) {
      assertThatThrownBy(() -> ApiVersion.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
