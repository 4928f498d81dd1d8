package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The CLI starts in tens of milliseconds only while Jackson stays off its classpath: loading
 * jackson-databind costs every invocation about 130 ms. This fails the build the moment a
 * dependency (berth-api growing one, say) brings it back.
 */
class ClasspathTest {
  @Test
  void theCliClasspathHasNoJackson() {
    String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
    assertThat(Arrays.stream(entries).filter(e -> e.contains("jackson"))).isEmpty();
    assertThat(getClass().getClassLoader().getResource("com/fasterxml/jackson/databind/ObjectMapper.class")).isNull();
  }
}
