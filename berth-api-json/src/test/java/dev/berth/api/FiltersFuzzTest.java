package dev.berth.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The {@code filters} query parameter comes from any client that reaches the socket. The only
 * documented refusals are {@link IllegalArgumentException} (wrong shape) and
 * {@link Json.MalformedJsonException} (not JSON), both answered 400; anything else would be a 500.
 */
class FiltersFuzzTest {
  @FuzzTest(maxDuration = "3m")
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Filters f;
    try {
      f = Filters.parse(text);
    } catch (IllegalArgumentException | Json.MalformedJsonException e) {
      requireOneLine(e);
      return;
    }
    for (String key : f.keys()) {
      f.matchesLabels(key, Map.of("a", "b", "com.example.x", ""));
      f.get(key);
    }
    String json = f.toJson();
    Filters again = Filters.parse(json);
    if (!again.keys().equals(f.keys())) {
      throw new AssertionError("filters do not survive toJson: " + f + " -> " + json);
    }
    try {
      Filters.ofArgs(List.of(text));
    } catch (IllegalArgumentException e) {
      requireOneLine(e);
    }
  }

  /** A clean refusal carries one non-blank line (FuzzChecks lives in berth-api's tests). */
  private static void requireOneLine(RuntimeException e) {
    String m = e.getMessage();
    if (m == null || m.isBlank() || m.indexOf('\n') >= 0) {
      throw new AssertionError("refusal without a one-line message: " + e, e);
    }
  }
}
