package dev.berth.daemon.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.daemon.server.ApiException;
import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void plainNumberIsBytes() {
    assertThat(Sizes.parse("1024")).isEqualTo(1024);
  }

  @Test
  void unitsAreBinary() {
    assertThat(Sizes.parse("512k")).isEqualTo(512L * 1024);
    assertThat(Sizes.parse("10m")).isEqualTo(10L * 1024 * 1024);
    assertThat(Sizes.parse("2g")).isEqualTo(2L << 30);
    assertThat(Sizes.parse("1t")).isEqualTo(1L << 40);
    assertThat(Sizes.parse("1p")).isEqualTo(1L << 50);
  }

  @Test
  void unitsIgnoreCaseAndAcceptBAndIbSuffixes() {
    assertThat(Sizes.parse("64M")).isEqualTo(64L << 20);
    assertThat(Sizes.parse("64mb")).isEqualTo(64L << 20);
    assertThat(Sizes.parse("64MiB")).isEqualTo(64L << 20);
    assertThat(Sizes.parse("100b")).isEqualTo(100);
  }

  @Test
  void fractionsAreAllowed() {
    assertThat(Sizes.parse("1.5g")).isEqualTo(3L << 29);
  }

  @Test
  void spaceBetweenNumberAndUnitIsAllowed() {
    assertThat(Sizes.parse("10 m")).isEqualTo(10L << 20);
  }

  @Test
  void garbageIs400() {
    for (String bad : new String[] {"", "m", "-1", "10x", "ten"}) {
      assertThatThrownBy(() -> Sizes.parse(bad)).as(bad)
          .isInstanceOf(ApiException.class)
          .hasMessage("invalid size: '" + bad + "'");
    }
  }
}
