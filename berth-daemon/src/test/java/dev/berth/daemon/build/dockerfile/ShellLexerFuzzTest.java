package dev.berth.daemon.build.dockerfile;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.daemon.FuzzChecks;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The shell-word lexer expands every ENV, LABEL, COPY and ARG value of a Dockerfile. The first
 * byte picks the escape character ({@code `} when it is a backquote, else {@code \}); the rest is
 * one word. The documented refusal is {@link IllegalArgumentException} with a one-line message
 * ("syntax error: missing '}'", a {@code ${X:?message}}).
 */
class ShellLexerFuzzTest {
  private static final Map<String, String> ENV =
      Map.of("HOME", "/root", "EMPTY", "", "V", "1.2.3", "PATHS", "/a:/b c", "Q", "\"'$");

  @FuzzTest(maxDuration = "5m")
  void process(byte[] input) {
    if (input.length == 0) {
      return;
    }
    char escape = input[0] == '`' ? '`' : '\\';
    String word = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
    ShellLexer lexer = new ShellLexer(escape);
    try {
      ShellLexer.Expansion x = lexer.process(word, ENV);
      if (x.value() == null || x.words() == null) {
        throw new AssertionError("expansion without a value: " + x);
      }
      lexer.words(word, ENV);
    } catch (IllegalArgumentException e) {
      FuzzChecks.requireOneLine(e);
    }
    try {
      ShellLexer.forHeredocBodies().expand(word, ENV);
    } catch (IllegalArgumentException e) {
      FuzzChecks.requireOneLine(e);
    }
  }
}
