package dev.berth.daemon.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerfileParserTest {

  /** A compact, readable rendering of an instruction's parsed arguments. */
  static String describe(Instruction i) {
    String flags =
        i.origin().flags().entries().stream()
            .map(f -> "--" + f.name() + "=" + f.value())
            .collect(Collectors.joining(" "));
    String body =
        switch (i) {
          case Instruction.Run r ->
              form(r.command())
                  + (r.heredocs().isEmpty() ? "" : " " + docs(r.heredocs()))
                  + (r.mounts().isEmpty() ? "" : " mounts" + r.mounts().stream().map(RunMount::options).toList())
                  + r.network().map(n -> " net=" + n).orElse("");
          case Instruction.Cmd c -> form(c.command());
          case Instruction.Entrypoint e -> form(e.command());
          case Instruction.Shell s -> s.shell().toString();
          case Instruction.Env e -> kvs(e.pairs());
          case Instruction.Label l -> kvs(l.pairs());
          case Instruction.Arg a ->
              a.args().stream()
                  .map(d -> d.name() + d.defaultValue().map(v -> "=" + v).orElse(""))
                  .toList()
                  .toString();
          case Instruction.Expose x -> x.ports().toString();
          case Instruction.Workdir w -> w.path();
          case Instruction.User u -> u.user();
          case Instruction.Volume v -> v.paths().toString();
          case Instruction.StopSignal s -> s.signal();
          case Instruction.Maintainer m -> m.name();
          case Instruction.Copy c ->
              c.sources()
                  + (c.inlineSources().isEmpty() ? "" : " " + docs(c.inlineSources()))
                  + " -> "
                  + c.destination()
                  + c.from().map(f -> " from=" + f).orElse("")
                  + c.chown().map(f -> " chown=" + f).orElse("")
                  + c.chmod().map(f -> " chmod=" + f).orElse("")
                  + (c.link() ? " link" : "");
          case Instruction.Add a ->
              a.sources()
                  + (a.inlineSources().isEmpty() ? "" : " " + docs(a.inlineSources()))
                  + " -> "
                  + a.destination()
                  + a.checksum().map(f -> " checksum=" + f).orElse("")
                  + a.keepGitDir().map(f -> " keepgit=" + f).orElse("");
          case Instruction.Healthcheck h ->
              h.test()
                  + (h.intervalNanos() > 0 ? " interval=" + h.intervalNanos() : "")
                  + (h.timeoutNanos() > 0 ? " timeout=" + h.timeoutNanos() : "")
                  + (h.startPeriodNanos() > 0 ? " start=" + h.startPeriodNanos() : "")
                  + (h.retries() > 0 ? " retries=" + h.retries() : "");
          case Instruction.OnBuild o -> "{" + describe(o.trigger()) + "} expr=" + o.expression();
        };
    return i.origin().keyword() + (flags.isEmpty() ? "" : " " + flags) + " " + body;
  }

  private static String form(CommandLine c) {
    return (c.shellForm() ? "shell" : "exec") + c.args();
  }

  private static String kvs(List<KeyValue> pairs) {
    return pairs.stream()
        .map(kv -> kv.key() + (kv.legacy() ? " " : "=") + kv.value())
        .toList()
        .toString();
  }

  private static String docs(List<Heredoc> docs) {
    return docs.stream()
        .map(
            h ->
                "<<"
                    + (h.chomp() ? "-" : "")
                    + h.name()
                    + (h.expand() ? "" : "(literal)")
                    + ":"
                    + h.text().replace("\n", "\\n").replace("\t", "\\t"))
        .collect(Collectors.joining(" "));
  }

  static Stream<Arguments> forms() {
    return Stream.of(
        // RUN: shell form, exec form, bad JSON falls back to the shell
        Arguments.of("RUN echo hi", "RUN shell[echo hi]"),
        Arguments.of("run echo hi", "RUN shell[echo hi]"),
        Arguments.of("RUN [\"echo\", \"hi\"]", "RUN exec[echo, hi]"),
        Arguments.of("RUN   [ \"a\" ,\"b c\" ]  ", "RUN exec[a, b c]"),
        Arguments.of("RUN [echo, hi]", "RUN shell[[echo, hi]]"),
        Arguments.of("RUN ['echo', 'hi']", "RUN shell[['echo', 'hi']]"),
        Arguments.of("RUN [\"echo\", \"hi\"] trailing", "RUN shell[[\"echo\", \"hi\"] trailing]"),
        Arguments.of("RUN [\"unterminated", "RUN shell[[\"unterminated]"),
        Arguments.of("RUN [\"a\\u0041\\n\"]", "RUN exec[aA\n]"),
        Arguments.of("RUN []", "RUN exec[]"),
        // continuations
        Arguments.of("RUN apt-get update && \\\n    apt-get install -y x", "RUN shell[apt-get update &&     apt-get install -y x]"),
        Arguments.of("RUN a \\\n# a comment inside\n  b", "RUN shell[a   b]"),
        Arguments.of("RUN a \\\n\n   \n  b", "RUN shell[a   b]"),
        Arguments.of("RUN a \\   \n b", "RUN shell[a  b]"),
        Arguments.of("RUN a \\\\", "RUN shell[a \\\\]"),
        Arguments.of("RUN a\\\n", "RUN shell[a]"),
        Arguments.of("RUN echo \\\n \\\n done", "RUN shell[echo   done]"),
        // flags
        Arguments.of("RUN --network=none true", "RUN --network=none shell[true] net=none"),
        Arguments.of(
            "RUN --mount=type=cache,target=/root/.cache,id=pip --mount=type=bind,from=build,source=/out,target=/in make",
            "RUN --mount=type=cache,target=/root/.cache,id=pip --mount=type=bind,from=build,source=/out,target=/in shell[make] mounts[{type=cache, target=/root/.cache, id=pip}, {type=bind, from=build, source=/out, target=/in}]"),
        Arguments.of("RUN --mount=type=secret,id=npm,required make", "RUN --mount=type=secret,id=npm,required shell[make] mounts[{type=secret, id=npm, required=}]"),
        Arguments.of("RUN -- --not-a-flag", "RUN shell[--not-a-flag]"),
        Arguments.of("RUN --security=insecure id", "RUN --security=insecure shell[id]"),
        // heredocs
        Arguments.of("RUN <<EOF\necho a\necho b\nEOF", "RUN shell[<<EOF] <<EOF:echo a\\necho b\\n"),
        Arguments.of("RUN <<-EOF\n\techo a\n\tEOF", "RUN shell[<<-EOF] <<-EOF:echo a\\n"),
        Arguments.of("RUN <<\"EOF\"\necho $HOME\nEOF", "RUN shell[<<\"EOF\"] <<EOF(literal):echo $HOME\\n"),
        Arguments.of("RUN <<'EOF'\nx\nEOF", "RUN shell[<<'EOF'] <<EOF(literal):x\\n"),
        Arguments.of("RUN python3 <<EOF\nprint(1)\nEOF", "RUN shell[python3 <<EOF] <<EOF:print(1)\\n"),
        Arguments.of(
            "RUN <<A cat > /a && <<B cat > /b\naaa\nA\nbbb\nB",
            "RUN shell[<<A cat > /a && <<B cat > /b] <<A:aaa\\n <<B:bbb\\n"),
        Arguments.of("RUN echo \"<<EOF\"", "RUN shell[echo \"<<EOF\"]"),
        Arguments.of("RUN <<EOF\n\nEOF", "RUN shell[<<EOF] <<EOF:\\n"),
        Arguments.of("RUN <<EOF\n# not a comment\n  indented \\\nEOF", "RUN shell[<<EOF] <<EOF:# not a comment\\n  indented \\\\n"),
        Arguments.of("RUN [\"cat\", \"<<EOF\"]", "RUN exec[cat, <<EOF]"),
        Arguments.of("COPY <<EOF /etc/app.conf\nkey=$V\nEOF", "COPY [] <<EOF:key=$V\\n -> /etc/app.conf"),
        Arguments.of("COPY <<A <<B /dir/\na\nA\nb\nB", "COPY [] <<A:a\\n <<B:b\\n -> /dir/"),
        Arguments.of("COPY --chmod=755 <<-\"EOF\" /run.sh\n\t#!/bin/sh\n\tEOF", "COPY --chmod=755 [] <<-EOF(literal):#!/bin/sh\\n -> /run.sh chmod=755"),
        Arguments.of("ADD <<EOF /f\nx\nEOF", "ADD [] <<EOF:x\\n -> /f"),
        // CMD, ENTRYPOINT, SHELL
        Arguments.of("CMD [\"nginx\", \"-g\", \"daemon off;\"]", "CMD exec[nginx, -g, daemon off;]"),
        Arguments.of("CMD echo $HOME", "CMD shell[echo $HOME]"),
        Arguments.of("CMD []", "CMD exec[]"),
        Arguments.of("ENTRYPOINT [\"/entry.sh\"]", "ENTRYPOINT exec[/entry.sh]"),
        Arguments.of("ENTRYPOINT exec top -b", "ENTRYPOINT shell[exec top -b]"),
        Arguments.of("ENTRYPOINT []", "ENTRYPOINT exec[]"),
        Arguments.of("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]", "SHELL [/bin/bash, -o, pipefail, -c]"),
        // ENV and LABEL
        Arguments.of("ENV A=1", "ENV [A=1]"),
        Arguments.of("ENV A=1 B=\"two words\" C=three\\ words", "ENV [A=1, B=\"two words\", C=three\\ words]"),
        Arguments.of("ENV A 1 2 3", "ENV [A 1 2 3]"),
        Arguments.of("ENV PATH   /usr/local/bin:$PATH", "ENV [PATH /usr/local/bin:$PATH]"),
        Arguments.of("ENV A=", "ENV [A=]"),
        Arguments.of("ENV A=\"\"", "ENV [A=\"\"]"),
        Arguments.of("ENV A='x y' B=\"$A\"", "ENV [A='x y', B=\"$A\"]"),
        Arguments.of("LABEL a=b \"c d\"=\"e f\"", "LABEL [a=b, \"c d\"=\"e f\"]"),
        Arguments.of("LABEL version 1.0", "LABEL [version 1.0]"),
        Arguments.of("LABEL multi.label1=\"v1\" \\\n      multi.label2=\"v2\"", "LABEL [multi.label1=\"v1\", multi.label2=\"v2\"]"),
        // ARG
        Arguments.of("ARG A", "ARG [A]"),
        Arguments.of("ARG A=1", "ARG [A=1]"),
        Arguments.of("ARG A B=2 C=\"x y\"", "ARG [A, B=2, C=\"x y\"]"),
        Arguments.of("ARG A=", "ARG [A=]"),
        // simple arguments
        Arguments.of("EXPOSE 80 443/tcp   53/udp", "EXPOSE [80, 443/tcp, 53/udp]"),
        Arguments.of("EXPOSE $PORT", "EXPOSE [$PORT]"),
        Arguments.of("WORKDIR /app", "WORKDIR /app"),
        Arguments.of("WORKDIR /path with spaces", "WORKDIR /path with spaces"),
        Arguments.of("USER 1000:1000", "USER 1000:1000"),
        Arguments.of("USER ${USERNAME}", "USER ${USERNAME}"),
        Arguments.of("STOPSIGNAL SIGTERM", "STOPSIGNAL SIGTERM"),
        Arguments.of("MAINTAINER Jane Doe <jane@example.com>", "MAINTAINER Jane Doe <jane@example.com>"),
        Arguments.of("VOLUME /data", "VOLUME [/data]"),
        Arguments.of("VOLUME /a /b", "VOLUME [/a, /b]"),
        Arguments.of("VOLUME [\"/a\", \"/b c\"]", "VOLUME [/a, /b c]"),
        // COPY and ADD
        Arguments.of("COPY a b /dst/", "COPY [a, b] -> /dst/"),
        Arguments.of("COPY [\"a b\", \"/dst dir/\"]", "COPY [a b] -> /dst dir/"),
        Arguments.of("COPY --from=build --chown=app:app --chmod=0644 /out /app", "COPY --from=build --chown=app:app --chmod=0644 [/out] -> /app from=build chown=app:app chmod=0644"),
        Arguments.of("COPY --from=0 /x /y", "COPY --from=0 [/x] -> /y from=0"),
        Arguments.of("COPY --link src/ /src/", "COPY --link=true [src/] -> /src/ link"),
        Arguments.of("COPY --link=false a b", "COPY --link=false [a] -> b"),
        Arguments.of("COPY --exclude=*.md --exclude=tmp . /app", "COPY --exclude=*.md --exclude=tmp [.] -> /app"),
        Arguments.of("COPY --chown=\"a b\" x y", "COPY --chown=a b [x] -> y chown=a b"),
        Arguments.of("COPY \"--chown=a b\" x y", "COPY [\"--chown=a, b\", x] -> y"),
        Arguments.of("ADD https://example.com/a.tgz /opt/", "ADD [https://example.com/a.tgz] -> /opt/"),
        Arguments.of("ADD --checksum=sha256:abc https://x/y /y", "ADD --checksum=sha256:abc [https://x/y] -> /y checksum=sha256:abc"),
        Arguments.of("ADD --keep-git-dir https://github.com/a/b.git /src", "ADD --keep-git-dir=true [https://github.com/a/b.git] -> /src keepgit=true"),
        Arguments.of("ADD --chown=1:2 --link a.tar /", "ADD --chown=1:2 --link=true [a.tar] -> /"),
        // HEALTHCHECK
        Arguments.of("HEALTHCHECK NONE", "HEALTHCHECK [NONE]"),
        Arguments.of("HEALTHCHECK CMD curl -f http://localhost/", "HEALTHCHECK [CMD-SHELL, curl -f http://localhost/]"),
        Arguments.of("HEALTHCHECK CMD [\"/bin/check\", \"-q\"]", "HEALTHCHECK [CMD, /bin/check, -q]"),
        Arguments.of(
            "HEALTHCHECK --interval=30s --timeout=3s --start-period=1m --retries=3 CMD true",
            "HEALTHCHECK --interval=30s --timeout=3s --start-period=1m --retries=3 [CMD-SHELL, true] interval=30000000000 timeout=3000000000 start=60000000000 retries=3"),
        Arguments.of("healthcheck cmd true", "HEALTHCHECK [CMD-SHELL, true]"),
        // ONBUILD
        Arguments.of("ONBUILD RUN make", "ONBUILD {RUN shell[make]} expr=RUN make"),
        Arguments.of("ONBUILD COPY --from=x . /app", "ONBUILD {COPY --from=x [.] -> /app from=x} expr=COPY --from=x . /app"),
        Arguments.of("onbuild   ADD . /src", "ONBUILD {ADD [.] -> /src} expr=ADD . /src"),
        Arguments.of("ONBUILD RUN <<EOF\nmake\nEOF", "ONBUILD {RUN shell[<<EOF] <<EOF:make\\n} expr=RUN <<EOF\nmake\nEOF"),
        // comments and blank lines between instructions
        Arguments.of("# comment\n\n   # indented comment\nUSER x", "USER x"),
        Arguments.of("   RUN   indented   ", "RUN shell[indented]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void parsesEveryForm(String snippet, String expected) {
    Dockerfile df = DockerfileParser.parse("FROM scratch\n" + snippet + "\n");

    assertThat(df.stages()).hasSize(1);
    assertThat(df.stages().get(0).instructions()).hasSize(1);
    assertThat(describe(df.stages().get(0).instructions().get(0))).isEqualTo(expected);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("FROM scratch\nFORM x", "dockerfile parse error on line 2: unknown instruction: FORM (did you mean FROM?)"),
        Arguments.of("FROM scratch\nworkdri /x", "dockerfile parse error on line 2: unknown instruction: workdri (did you mean workdir?)"),
        Arguments.of("FROM scratch\nFOOBAR x", "dockerfile parse error on line 2: unknown instruction: FOOBAR"),
        Arguments.of("", "file with no instructions"),
        Arguments.of("# only a comment\n\n", "file with no instructions"),
        Arguments.of("ARG A=1\n", "dockerfile contains no stages to build (no FROM instruction)"),
        Arguments.of("RUN x\nFROM scratch", "dockerfile parse error on line 1: no build stage in current context (RUN before the first FROM)"),
        Arguments.of("FROM", "dockerfile parse error on line 1: FROM requires either one or three arguments"),
        Arguments.of("FROM a b", "dockerfile parse error on line 1: FROM requires either one or three arguments"),
        Arguments.of("FROM a AS 1x", "dockerfile parse error on line 1: invalid name for build stage: \"1x\", name can't start with a number or contain symbols"),
        Arguments.of("FROM --plaform=linux/amd64 a", "dockerfile parse error on line 1: unknown flag: --plaform (did you mean platform?)"),
        Arguments.of("FROM scratch\nCOPY a", "dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined"),
        Arguments.of("FROM scratch\nCOPY --chwon=1 a b", "dockerfile parse error on line 2: unknown flag: --chwon (did you mean chown?)"),
        Arguments.of("FROM scratch\nCOPY --from=a --from=b x y", "dockerfile parse error on line 2: duplicate flag specified: --from"),
        Arguments.of("FROM scratch\nCOPY --from x y", "dockerfile parse error on line 2: missing a value on flag: --from"),
        Arguments.of("FROM scratch\nCOPY --link=yes x y", "dockerfile parse error on line 2: expecting boolean value for flag --link, not: yes"),
        Arguments.of("FROM scratch\nCOPY x <<EOF\nEOF", "dockerfile parse error on line 2: COPY cannot accept a heredoc as a destination"),
        Arguments.of("FROM scratch\nRUN --from=x y", "dockerfile parse error on line 2: unknown flag: --from"),
        Arguments.of("FROM scratch\nRUN --network=bridge y", "dockerfile parse error on line 2: invalid network mode \"bridge\""),
        Arguments.of("FROM scratch\nRUN --mount=type=nfs y", "dockerfile parse error on line 2: unsupported mount type \"nfs\""),
        Arguments.of("FROM scratch\nRUN", "dockerfile parse error on line 2: RUN requires at least one argument"),
        Arguments.of("FROM scratch\nCMD", "dockerfile parse error on line 2: CMD requires at least one argument"),
        Arguments.of("FROM scratch\nRUN [\"a\", 1]", "dockerfile parse error on line 2: when using JSON array syntax, arrays must be comprised of strings only"),
        Arguments.of("FROM scratch\nSHELL /bin/bash -c", "dockerfile parse error on line 2: SHELL requires the arguments to be in JSON form"),
        Arguments.of("FROM scratch\nSHELL []", "dockerfile parse error on line 2: SHELL requires at least one argument"),
        Arguments.of("FROM scratch\nENV", "dockerfile parse error on line 2: ENV requires at least one argument"),
        Arguments.of("FROM scratch\nENV A", "dockerfile parse error on line 2: ENV must have two arguments"),
        Arguments.of("FROM scratch\nENV A=1 B", "dockerfile parse error on line 2: Syntax error - can't find = in \"B\". Must be of the form: name=value"),
        Arguments.of("FROM scratch\nENV =1", "dockerfile parse error on line 2: ENV names can not be blank"),
        Arguments.of("FROM scratch\nLABEL", "dockerfile parse error on line 2: LABEL requires at least one argument"),
        Arguments.of("FROM scratch\nARG", "dockerfile parse error on line 2: ARG requires at least one argument"),
        Arguments.of("FROM scratch\nARG =x", "dockerfile parse error on line 2: ARG names can not be blank"),
        Arguments.of("FROM scratch\nEXPOSE", "dockerfile parse error on line 2: EXPOSE requires at least one argument"),
        Arguments.of("FROM scratch\nWORKDIR", "dockerfile parse error on line 2: WORKDIR requires exactly one argument"),
        Arguments.of("FROM scratch\nUSER", "dockerfile parse error on line 2: USER requires exactly one argument"),
        Arguments.of("FROM scratch\nVOLUME [\"\"]", "dockerfile parse error on line 2: VOLUME specified can not be an empty string"),
        Arguments.of("FROM scratch\nSTOPSIGNAL", "dockerfile parse error on line 2: STOPSIGNAL requires exactly one argument"),
        Arguments.of("FROM scratch\nHEALTHCHECK", "dockerfile parse error on line 2: HEALTHCHECK requires at least one argument"),
        Arguments.of("FROM scratch\nHEALTHCHECK NONE x", "dockerfile parse error on line 2: HEALTHCHECK NONE takes no arguments"),
        Arguments.of("FROM scratch\nHEALTHCHECK RUN x", "dockerfile parse error on line 2: Unknown type \"RUN\" in HEALTHCHECK (try CMD)"),
        Arguments.of("FROM scratch\nHEALTHCHECK CMD", "dockerfile parse error on line 2: Missing command after HEALTHCHECK CMD"),
        Arguments.of("FROM scratch\nHEALTHCHECK --interval=10us CMD x", "dockerfile parse error on line 2: Interval \"interval\" cannot be less than 1ms"),
        Arguments.of("FROM scratch\nHEALTHCHECK --retries=-1 CMD x", "dockerfile parse error on line 2: --retries cannot be negative (-1)"),
        Arguments.of("FROM scratch\nHEALTHCHECK --intervall=1s CMD x", "dockerfile parse error on line 2: unknown flag: --intervall (did you mean interval?)"),
        Arguments.of("FROM scratch\nONBUILD", "dockerfile parse error on line 2: ONBUILD requires at least one argument"),
        Arguments.of("FROM scratch\nONBUILD ONBUILD RUN x", "dockerfile parse error on line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
        Arguments.of("FROM scratch\nONBUILD FROM x", "dockerfile parse error on line 2: FROM isn't allowed as an ONBUILD trigger"),
        Arguments.of("FROM scratch\nONBUILD MAINTAINER x", "dockerfile parse error on line 2: MAINTAINER isn't allowed as an ONBUILD trigger"),
        Arguments.of("FROM scratch\nONBUILD RUNN x", "dockerfile parse error on line 2: unknown instruction: RUNN (did you mean RUN?)"),
        Arguments.of("FROM scratch\nRUN <<EOF\nno end", "dockerfile parse error on line 2: unterminated heredoc"),
        Arguments.of("# escape=x\nFROM scratch", "dockerfile parse error on line 1: invalid escape token 'x' does not match ` or \\"),
        Arguments.of("# escape=`\n# escape=\\\nFROM scratch", "dockerfile parse error on line 2: only one escape parser directive can be used"),
        Arguments.of("FROM scratch\n\nRUN a \\\n  b\nBOGUS", "dockerfile parse error on line 5: unknown instruction: BOGUS"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("errors")
  void refusesBadInputWithOneClearLine(String text, String message) {
    assertThatThrownBy(() -> DockerfileParser.parse(text))
        .isInstanceOf(DockerfileException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void readsDirectivesOnlyAtTheTop() {
    Dockerfile df =
        DockerfileParser.parse(
            "# syntax=docker/dockerfile:1.7\n# check=skip=all\n# escape=`\nFROM scratch\nRUN a `\n  b\n");

    assertThat(df.directives().syntax()).contains("docker/dockerfile:1.7");
    assertThat(df.directives().check()).contains("skip=all");
    assertThat(df.directives().escape()).isEqualTo('`');
    assertThat(describe(df.stages().get(0).instructions().get(0))).isEqualTo("RUN shell[a   b]");
  }

  @Test
  void aDirectiveAfterAnInstructionOrACommentIsJustAComment() {
    Dockerfile afterComment = DockerfileParser.parse("# hello\n# escape=`\nFROM scratch\nRUN a \\\n b\n");
    Dockerfile afterBlank = DockerfileParser.parse("\n# escape=`\nFROM scratch\n");

    assertThat(afterComment.directives().escape()).isEqualTo('\\');
    assertThat(describe(afterComment.stages().get(0).instructions().get(0))).isEqualTo("RUN shell[a  b]");
    assertThat(afterBlank.directives().escape()).isEqualTo('\\');
  }

  @Test
  void withABacktickEscapeBackslashesAreOrdinary() {
    Dockerfile df =
        DockerfileParser.parse("# escape=`\nFROM mcr.microsoft.com/windows\nCOPY testfile.txt c:\\\nRUN dir c:\\\n");

    List<Instruction> in = df.stages().get(0).instructions();
    assertThat(describe(in.get(0))).isEqualTo("COPY [testfile.txt] -> c:\\");
    assertThat(describe(in.get(1))).isEqualTo("RUN shell[dir c:\\]");
  }

  @Test
  void buildsStagesWithMetaArgsNamesPlatformsAndLines() {
    Dockerfile df =
        DockerfileParser.parse(
            """
            \uFEFFARG BASE=alpine:3.20
            ARG GO_VERSION
            FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS Build
            WORKDIR /src
            RUN go build \\
                -o /out/app
            FROM ${BASE}
            COPY --from=build /out/app /usr/bin/app
            FROM scratch as final
            """);

    assertThat(df.metaArgs()).hasSize(2);
    assertThat(df.metaArgs().get(0).args())
        .containsExactly(new ArgDefinition("BASE", Optional.of("alpine:3.20")));
    assertThat(df.stages()).hasSize(3);
    Stage build = df.stages().get(0);
    assertThat(build.index()).isZero();
    assertThat(build.name()).contains("build");
    assertThat(build.baseImage()).isEqualTo("golang:${GO_VERSION}");
    assertThat(build.platform()).contains("$BUILDPLATFORM");
    assertThat(build.origin().line()).isEqualTo(3);
    assertThat(build.instructions()).hasSize(2);
    Instruction run = build.instructions().get(1);
    assertThat(run.origin().line()).isEqualTo(5);
    assertThat(run.origin().endLine()).isEqualTo(6);
    assertThat(run.origin().original()).isEqualTo("RUN go build     -o /out/app");
    assertThat(df.stages().get(1).name()).isEmpty();
    assertThat(df.stages().get(2).fromScratch()).isTrue();
    assertThat(df.stages().get(2).name()).contains("final");
    assertThat(df.stage("BUILD")).contains(build);
    assertThat(df.stage("1")).contains(df.stages().get(1));
    assertThat(df.stage("nope")).isEmpty();
    assertThat(df.lastStage().index()).isEqualTo(2);
  }

  @Test
  void countsHeredocLinesInTheInstructionAndTheNextLineNumbers() {
    Dockerfile df = DockerfileParser.parse("FROM scratch\nRUN <<EOF\na\nb\nEOF\nUSER x\n");

    List<Instruction> in = df.stages().get(0).instructions();
    assertThat(in.get(0).origin().line()).isEqualTo(2);
    assertThat(in.get(0).origin().endLine()).isEqualTo(5);
    assertThat(in.get(1).origin().line()).isEqualTo(6);
  }

  @Test
  void keepsWindowsLineEndingsOutOfValues() {
    Dockerfile df = DockerfileParser.parse("FROM scratch\r\nENV A=1 \\\r\n  B=2\r\nWORKDIR /app\r\n");

    List<Instruction> in = df.stages().get(0).instructions();
    assertThat(describe(in.get(0))).isEqualTo("ENV [A=1, B=2]");
    assertThat(describe(in.get(1))).isEqualTo("WORKDIR /app");
  }

  @Test
  void runHeredocsAreNotReadForTheExecForm() {
    Dockerfile df = DockerfileParser.parse("FROM scratch\nRUN [\"sh\", \"<<EOF\"]\nUSER x\n");

    assertThat(df.stages().get(0).instructions()).hasSize(2);
  }

  @Test
  void directivesCanBeReadAlone() {
    assertThat(DockerfileParser.directives("#syntax = docker/dockerfile:1\nFROM x\n").syntax())
        .contains("docker/dockerfile:1");
  }
}
