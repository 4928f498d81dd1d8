package dev.berth.daemon.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellLexerTest {
  private static final Map<String, String> ENV =
      Map.of(
          "HOME", "/root",
          "EMPTY", "",
          "NAME", "world",
          "SPACED", "a  b",
          "FILE", "archive.tar.gz",
          "PATHV", "/usr/local/bin:/usr/bin",
          "UNI", "안녕");

  private final ShellLexer lexer = new ShellLexer('\\');

  /** input | expected; "ERROR" means the expansion must fail. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          plain                     | plain
          $HOME                     | /root
          ${HOME}                   | /root
          x${HOME}y                 | x/rooty
          $HOME.x                   | /root.x
          $NOPE                     | ~~
          a$NOPE-b                  | a-b
          $                         | $
          $.                        | $.
          a$1b                      | ab
          ${NOPE:-def}              | def
          ${EMPTY:-def}             | def
          ${EMPTY-def}              | ~~
          ${NOPE-def}               | def
          ${HOME:-def}              | /root
          ${NOPE:+alt}              | ~~
          ${EMPTY:+alt}             | ~~
          ${EMPTY+alt}              | alt
          ${HOME:+alt}              | alt
          ${HOME+alt}               | alt
          ${NOPE:-${NAME}}          | world
          ${NOPE:-${ALSO:-deep}}    | deep
          ${NOPE:-a b}              | a b
          ${HOME:+${HOME}:}         | /root:
          ${NOPE:-\\$HOME}          | $HOME
          ${HOME?}                  | /root
          ${EMPTY?}                 | ~~
          ${HOME:?must be set}      | /root
          ${NOPE:?}                 | ERROR
          ${NOPE?}                  | ERROR
          ${EMPTY:?}                | ERROR
          ${}                       | ERROR
          ${:}                      | ERROR
          ${HOME                    | ERROR
          ${NOPE:-a                 | ERROR
          ${HOME:=x}                | ERROR
          ${HOME:x}                 | ERROR
          ${.}                      | ERROR
          ${HOME}}                  | /root}
          \\$HOME                   | $HOME
          \\${HOME}                 | ${HOME}
          \\\\$HOME                 | \\/root
          'single $HOME'            | single $HOME
          '\\$HOME'                 | \\$HOME
          "double $HOME"            | double /root
          "esc \\$HOME"             | esc $HOME
          "q\\"q"                   | q"q
          "a\\tb"                   | a\\tb
          a\\tb                     | atb
          "it's"                    | it's
          'say "hi"'                | say "hi"
          he'll'o                   | hello
          'unterminated             | ERROR
          "unterminated             | ERROR
          trailing\\                | trailing
          $UNI!                     | 안녕!
          ${FILE%.gz}               | archive.tar
          ${FILE%.*}                | archive.tar
          ${FILE%%.*}               | archive
          ${FILE#*.}                | tar.gz
          ${FILE##*.}               | gz
          ${PATHV#*:}               | /usr/bin
          ${PATHV/usr/opt}          | /opt/local/bin:/usr/bin
          ${PATHV//usr/opt}         | /opt/local/bin:/opt/bin
          ${FILE:#x}                | ERROR
          """)
  void expandsLikeDocker(String input, String expected) {
    if (expected.equals("ERROR")) {
      assertThatThrownBy(() -> lexer.expand(input, ENV))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("failed to process \"" + input + "\": ");
    } else {
      assertThat(lexer.expand(input, ENV)).isEqualTo(expected);
    }
  }

  /** input | words joined with ',' */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          80 443                   | 80,443
          hello$SPACED!            | helloa,b!
          "x$SPACED"               | xa  b
          x "a  b" y               | x,a  b,y
          a\\ b c                  | a b,c
          '$HOME x' y              | $HOME x,y
          ${NOPE:-8080/tcp 9090}   | 8080/tcp,9090
          """)
  void splitsWordsAfterExpanding(String input, String expected) {
    assertThat(lexer.words(input, ENV)).isEqualTo(Arrays.asList(expected.split(",")));
  }

  @Test
  void reportsWhichVariablesWereUsed() {
    ShellLexer.Expansion e = lexer.process("${HOME}/${NOPE:-x}$NAME", ENV);

    assertThat(e.value()).isEqualTo("/root/xworld");
    assertThat(e.used()).containsExactly("HOME", "NAME");
    assertThat(e.unset()).containsExactly("NOPE");
  }

  @Test
  void explainsAnUnsetRequiredVariable() {
    assertThatThrownBy(() -> lexer.expand("${TOKEN:?set TOKEN with --build-arg}", Map.of()))
        .hasMessage("failed to process \"${TOKEN:?set TOKEN with --build-arg}\": TOKEN: set TOKEN with --build-arg");
    assertThatThrownBy(() -> lexer.expand("${TOKEN?}", Map.of()))
        .hasMessage("failed to process \"${TOKEN?}\": TOKEN: is not allowed to be unset");
  }

  @Test
  void aBacktickEscapeLeavesBackslashesAlone() {
    ShellLexer windows = new ShellLexer('`');

    assertThat(windows.expand("c:\\dir\\$NAME", ENV)).isEqualTo("c:\\dir\\world");
    assertThat(windows.expand("`$NAME", ENV)).isEqualTo("$NAME");
  }

  @Test
  void heredocBodiesKeepQuotesButExpandVariables() {
    ShellLexer raw = ShellLexer.forHeredocBodies();

    assertThat(raw.expand("name='$NAME' \"$HOME\"\n", ENV)).isEqualTo("name='world' \"/root\"\n");
  }

  @Test
  void emptyInputHasNoWords() {
    assertThat(lexer.words("   ", ENV)).isEqualTo(List.of());
    assertThat(lexer.expand("", ENV)).isEmpty();
  }
}
