package dev.berth.daemon.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstructionExpanderTest {
  private static final Map<String, String> ENV =
      Map.of("V", "1.2", "DIR", "/srv/app", "PORTS", "80 443", "U", "app", "SRC", "src dir");

  private final InstructionExpander expander = new InstructionExpander(new ShellLexer('\\'));

  private Instruction only(String line) {
    return DockerfileParser.parse("FROM scratch\n" + line + "\n").stages().get(0).instructions().get(0);
  }

  /** instruction as written | its description after expansion */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          ENV A=$V B="x $V" C='$V'           | ENV [A=1.2, B=x 1.2, C=$V]
          ENV PATH $DIR/bin:$PATH            | ENV [PATH /srv/app/bin:]
          LABEL "version"="$V" k=${NOPE:-d}  | LABEL [version=1.2, k=d]
          WORKDIR $DIR/sub                   | WORKDIR /srv/app/sub
          USER ${U}:${U}                     | USER app:app
          STOPSIGNAL SIG${NOPE:-TERM}        | STOPSIGNAL SIGTERM
          VOLUME $DIR /b$V                   | VOLUME [/srv/app, /b1.2]
          VOLUME ["$DIR"]                    | VOLUME [/srv/app]
          EXPOSE $PORTS 8080/udp             | EXPOSE [80, 443, 8080/udp]
          COPY --chown=$U --from=$V $SRC $DIR/ | COPY --chown=$U --from=$V [src dir] -> /srv/app/ from=$V chown=app
          ADD --checksum=$V a-$V.tgz /opt/   | ADD --checksum=$V [a-1.2.tgz] -> /opt/ checksum=1.2
          RUN echo $V                        | RUN shell[echo $V]
          CMD echo $V                        | CMD shell[echo $V]
          ENTRYPOINT ["$V"]                  | ENTRYPOINT exec[$V]
          HEALTHCHECK CMD test $V            | HEALTHCHECK [CMD-SHELL, test $V]
          MAINTAINER $U                      | MAINTAINER $U
          ONBUILD RUN echo $V                | ONBUILD {RUN shell[echo $V]} expr=RUN echo $V
          ARG X=$V                           | ARG [X=$V]
          """)
  void expandsExactlyWhatDockerExpands(String line, String expected) {
    assertThat(DockerfileParserTest.describe(expander.expand(only(line), ENV))).isEqualTo(expected);
  }

  @Test
  void expandsRunMountValuesButNotTheCommand() {
    Instruction.Run run =
        (Instruction.Run) expander.expand(only("RUN --mount=type=cache,target=$DIR/cache make $V"), ENV);

    assertThat(run.mounts().get(0).options()).containsEntry("target", "/srv/app/cache");
    assertThat(run.command().args()).containsExactly("make $V");
    assertThat(run.origin().original()).isEqualTo("RUN --mount=type=cache,target=$DIR/cache make $V");
  }

  @Test
  void expandsUnquotedCopyHeredocsOnly() {
    Dockerfile df =
        DockerfileParser.parse(
            "FROM scratch\nCOPY <<A <<\"B\" /d/\nv=$V \"q\"\nA\nv=$V\nB\n");
    Instruction.Copy copy = (Instruction.Copy) expander.expand(df.stages().get(0).instructions().get(0), ENV);

    assertThat(copy.inlineSources().get(0).text()).isEqualTo("v=1.2 \"q\"\n");
    assertThat(copy.inlineSources().get(1).text()).isEqualTo("v=$V\n");
  }

  @Test
  void aFailedSubstitutionNamesTheLine() {
    Dockerfile df = DockerfileParser.parse("FROM scratch\n\nWORKDIR ${MISSING:?set it}\n");

    assertThatThrownBy(() -> expander.expand(df.stages().get(0).instructions().get(0), Map.of()))
        .isInstanceOf(DockerfileException.class)
        .hasMessage(
            "dockerfile parse error on line 3: failed to process \"${MISSING:?set it}\": MISSING: set it");
  }

  @Test
  void expandsFromWithMetaArgs() {
    Dockerfile df =
        DockerfileParser.parse("ARG BASE=alpine\nARG TAG\nFROM --platform=$BUILDPLATFORM ${BASE}:${TAG:-latest}\n");
    Map<String, String> meta =
        BuildArgs.metaArgValues(
            df.metaArgs(),
            Map.of("TAG", "3.20"),
            BuildArgs.platformArgs("linux/arm64/v8", "linux/amd64"),
            new ShellLexer('\\'));

    InstructionExpander.BaseImage base = expander.baseImage(df.stages().get(0), meta);

    assertThat(base.image()).isEqualTo("alpine:3.20");
    assertThat(base.platform()).contains("linux/amd64");
  }

  @Test
  void aBaseThatExpandsToNothingIsRefused() {
    Dockerfile df = DockerfileParser.parse("ARG BASE\nFROM $BASE\n");

    assertThatThrownBy(() -> expander.baseImage(df.stages().get(0), Map.of()))
        .hasMessage("dockerfile parse error on line 2: base name ($BASE) should not be blank");
  }

  @Test
  void platformArgsFollowBuildKit() {
    assertThat(BuildArgs.platformArgs("linux/arm64/v8", "linux/amd64"))
        .containsEntry("TARGETPLATFORM", "linux/arm64/v8")
        .containsEntry("TARGETOS", "linux")
        .containsEntry("TARGETARCH", "arm64")
        .containsEntry("TARGETVARIANT", "v8")
        .containsEntry("BUILDPLATFORM", "linux/amd64")
        .containsEntry("BUILDARCH", "amd64")
        .containsEntry("BUILDVARIANT", "");
    assertThat(BuildArgs.PLATFORM_ARGS).hasSize(8);
    assertThat(BuildArgs.isProxyArg("https_proxy")).isTrue();
    assertThat(BuildArgs.isProxyArg("HTTPS_PROXY")).isTrue();
    assertThat(BuildArgs.isProxyArg("Https_Proxy")).isFalse();
  }

  @Test
  void anArgTakesTheBuildArgThenItsDefaultThenTheMetaValue() {
    ShellLexer lexer = new ShellLexer('\\');
    ArgDefinition withDefault = new ArgDefinition("V", Optional.of("${BASE}-x"));
    ArgDefinition bare = new ArgDefinition("V", Optional.empty());

    assertThat(BuildArgs.resolve(withDefault, Map.of("V", "cli"), Map.of("V", "meta"), Map.of(), lexer))
        .contains("cli");
    assertThat(BuildArgs.resolve(withDefault, Map.of(), Map.of("V", "meta"), Map.of("BASE", "b"), lexer))
        .contains("b-x");
    assertThat(BuildArgs.resolve(bare, Map.of(), Map.of("V", "meta"), Map.of(), lexer)).contains("meta");
    assertThat(BuildArgs.resolve(bare, Map.of(), Map.of(), Map.of(), lexer)).isEmpty();
  }

  @Test
  void metaArgDefaultsSeeEarlierMetaArgs() {
    Dockerfile df = DockerfileParser.parse("ARG A=one\nARG B=${A}-two C\nFROM scratch\n");

    Map<String, String> meta = BuildArgs.metaArgValues(df.metaArgs(), Map.of(), Map.of(), new ShellLexer('\\'));

    assertThat(meta).containsEntry("A", "one").containsEntry("B", "one-two").doesNotContainKey("C");
    assertThat(List.copyOf(meta.keySet())).containsExactly("A", "B");
  }
}
