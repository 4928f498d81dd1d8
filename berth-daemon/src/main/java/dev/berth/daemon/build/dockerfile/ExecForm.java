package dev.berth.daemon.build.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognises the exec (JSON array) form of RUN, CMD, ENTRYPOINT, SHELL, VOLUME, COPY and ADD.
 * Docker's rule is lenient on purpose: text that is not a valid JSON array is simply the shell
 * form ({@code CMD [echo hi]} runs through the shell), but a valid array that holds anything but
 * strings is an error rather than a surprise.
 */
final class ExecForm {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ExecForm() {}

  /**
   * The strings of {@code rest} when it is a JSON array of strings, empty when it is not JSON
   * (the caller falls back to the shell form). Throws {@link IllegalArgumentException} for a
   * valid array with a non-string element.
   */
  static Optional<List<String>> parse(String rest) {
    String s = LineScanner.stripLeading(rest);
    if (!s.startsWith("[")) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = JSON.readTree(s);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (node == null || !node.isArray()) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>(node.size());
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        throw new IllegalArgumentException(
            "when using JSON array syntax, arrays must be comprised of strings only");
      }
      out.add(element.textValue());
    }
    return Optional.of(out);
  }
}
