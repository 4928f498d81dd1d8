package dev.berth.daemon.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.daemon.FuzzChecks;
import java.nio.charset.StandardCharsets;

/**
 * Image references arrive in every pull, create, tag, push and build request, and inside loaded
 * archives. The input is a reference, optionally followed by a NUL and the separate tag the pull
 * and tag APIs take. The documented refusal is {@link IllegalArgumentException} with Docker's
 * one-line wording; an accepted reference must print as text that parses back to itself, since
 * the store keys images by that text.
 */
class ImageReferenceFuzzTest {
  @FuzzTest(maxDuration = "3m")
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int nul = text.indexOf('\0');
    String name = nul < 0 ? text : text.substring(0, nul);
    String tag = nul < 0 ? null : text.substring(nul + 1);
    check(() -> ImageReference.parse(name));
    check(() -> ImageReference.forPull(name, tag));
    check(() -> ImageReference.of(name, tag));
    ImageReference.hasTag(name);
  }

  private static void check(java.util.function.Supplier<ImageReference> parse) {
    ImageReference ref;
    try {
      ref = parse.get();
    } catch (IllegalArgumentException e) {
      FuzzChecks.requireOneLine(e);
      return;
    }
    ref.domain();
    ref.remotePath();
    ref.fullName();
    ImageReference again = ImageReference.parse(ref.toString());
    if (!again.equals(ref)) {
      throw new AssertionError("reference " + ref + " parses back as " + again);
    }
  }
}
