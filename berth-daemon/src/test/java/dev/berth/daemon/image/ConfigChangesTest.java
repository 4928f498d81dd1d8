package dev.berth.daemon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {
  private static ObjectNode apply(String... changes) {
    ObjectNode config = Json.plain().createObjectNode();
    ConfigChanges.apply(config, List.of(changes));
    return config;
  }

  @Test
  void healthcheckShellFormWithOptions() {
    ObjectNode hc = (ObjectNode) apply("HEALTHCHECK --interval=1s --timeout=500ms --retries=2 CMD test -f /ok")
        .get("Healthcheck");
    assertThat(hc.toString()).isEqualTo(
        "{\"Interval\":1000000000,\"Timeout\":500000000,\"Retries\":2,\"Test\":[\"CMD-SHELL\",\"test -f /ok\"]}");
  }

  @Test
  void healthcheckExecFormAndNone() {
    assertThat(apply("HEALTHCHECK CMD [\"cat\", \"/ok\"]").get("Healthcheck").toString())
        .isEqualTo("{\"Test\":[\"CMD\",\"cat\",\"/ok\"]}");
    assertThat(apply("HEALTHCHECK NONE").get("Healthcheck").toString()).isEqualTo("{\"Test\":[\"NONE\"]}");
  }

  @Test
  void badHealthchecksAreRefused() {
    assertThatThrownBy(() -> apply("HEALTHCHECK RUN true")).hasMessage("Unknown type \"RUN\" in HEALTHCHECK (try CMD)");
    assertThatThrownBy(() -> apply("HEALTHCHECK --interval=soon CMD true"))
        .hasMessage("time: invalid duration \"soon\"");
    assertThatThrownBy(() -> apply("HEALTHCHECK CMD")).hasMessage("Missing command after HEALTHCHECK CMD");
  }
}
