package dev.berth.compose.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.compose.model.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code config} for a full-featured file of the project's own (test resources {@code full/}):
 * merge keys, interpolation, env_file, every short syntax made long, resource names, octal modes.
 */
class CanonicalConfigTest {
  private static String cache() {
    return System.getProperty("java.io.tmpdir") + "/berth-compose-test-cache";
  }

  @Test
  void theFullExamplePrintsItsCanonicalModel() throws Exception {
    Path dir = Path.of(CanonicalConfigTest.class.getResource("/full/compose.yaml").toURI()).getParent();
    Project p = new ProjectLoader(w -> { }).load(new LoadOptions(List.of(), null, null, List.of(), List.of("tools"), dir,
        Map.of("FROM_ENV", "x", "XDG_CACHE_HOME", cache()), List.of()));
    String expected = Files.readString(dir.resolve("expected.yaml")).replace("${DIR}", dir.toString());
    assertThat(CanonicalYaml.write(p.model())).isEqualTo(expected);
  }

  @Test
  void theCanonicalModelLoadsAgainToItself() throws Exception {
    Path dir = Path.of(CanonicalConfigTest.class.getResource("/full/compose.yaml").toURI()).getParent();
    Project p = new ProjectLoader(w -> { }).load(new LoadOptions(List.of(), null, null, List.of(), List.of("tools"), dir,
        Map.of("FROM_ENV", "x", "XDG_CACHE_HOME", cache()), List.of()));
    Path again = Files.createTempDirectory("canonical");
    try {
      Files.writeString(again.resolve("compose.yaml"), CanonicalYaml.write(p.model()));
      Project q = new ProjectLoader(w -> { }).load(new LoadOptions(List.of(), null, null, List.of(), List.of("tools"), again,
          Map.of("XDG_CACHE_HOME", cache()), List.of()));
      assertThat(q.model().get("services")).isEqualTo(p.model().get("services"));
    } finally {
      Files.deleteIfExists(again.resolve("compose.yaml"));
      Files.deleteIfExists(again);
    }
  }
}
