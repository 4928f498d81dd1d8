package dev.berth.daemon.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageGraphTest {
  private static final String MULTI =
      """
      FROM alpine AS base
      RUN true
      FROM base AS deps
      RUN true
      FROM golang AS tools
      RUN true
      FROM deps AS build
      COPY --from=tools /go/bin/x /usr/bin/x
      RUN --mount=type=cache,target=/c --mount=from=docs,target=/d make
      FROM alpine AS docs
      RUN true
      FROM scratch AS unrelated
      FROM base AS final
      COPY --from=3 /out /out
      COPY --from=nginx:latest /etc/nginx /etc/nginx
      """;

  private static List<String> names(List<Stage> stages) {
    return stages.stream().map(Stage::displayName).toList();
  }

  @Test
  void buildsOnlyWhatTheDefaultTargetNeedsInDependencyOrder() {
    Dockerfile df = DockerfileParser.parse(MULTI.replace("--mount=from=docs,target=/d ", ""));

    StageGraph.Plan plan = StageGraph.plan(df, null, Map.of());

    assertThat(plan.target().displayName()).isEqualTo("final");
    assertThat(names(plan.order())).containsExactly("base", "deps", "tools", "build", "final");
    assertThat(plan.levels().stream().map(StageGraphTest::names).toList())
        .containsExactly(List.of("base", "tools"), List.of("deps"), List.of("build"), List.of("final"));
    assertThat(plan.dependencies()).containsEntry(3, List.of(1, 2)).containsEntry(6, List.of(0, 3));
  }

  @Test
  void aNamedTargetNeedsFewerStages() {
    Dockerfile df = DockerfileParser.parse(MULTI.replace("--mount=from=docs,target=/d ", ""));

    StageGraph.Plan plan = StageGraph.plan(df, "DEPS", Map.of());

    assertThat(names(plan.order())).containsExactly("base", "deps");
  }

  @Test
  void aMountFromALaterStageIsACycle() {
    Dockerfile df = DockerfileParser.parse(MULTI);

    assertThatThrownBy(() -> StageGraph.plan(df, null, Map.of()))
        .isInstanceOf(DockerfileException.class)
        .hasMessage(
            "dockerfile parse error on line 9: cannot copy from stage \"docs\", it needs to be defined before current stage \"build\"");
  }

  @Test
  void copyFromTheCurrentOrALaterIndexIsRefused() {
    Dockerfile df = DockerfileParser.parse("FROM a\nFROM b AS two\nCOPY --from=1 x y\n");

    assertThatThrownBy(() -> StageGraph.plan(df, null, Map.of()))
        .hasMessage(
            "dockerfile parse error on line 3: invalid from flag value 1: refers to current or future build stage (stage two)");
  }

  @Test
  void copyFromAVariableIsRefusedAsInBuildKit() {
    Dockerfile df = DockerfileParser.parse("FROM a\nARG S\nCOPY --from=$S x y\n");

    assertThatThrownBy(() -> StageGraph.plan(df, null, Map.of()))
        .hasMessageContaining("variable expansion is not supported for --from");
  }

  @Test
  void anUnknownTargetIsRefused() {
    Dockerfile df = DockerfileParser.parse("FROM a AS one\n");

    assertThatThrownBy(() -> StageGraph.plan(df, "two", Map.of()))
        .hasMessage("target stage \"two\" could not be found");
  }

  @Test
  void aFromThatExpandsToAStageNameDependsOnIt() {
    Dockerfile df = DockerfileParser.parse("ARG FLAVOUR=slim\nFROM alpine AS slim\nFROM alpine AS fat\nFROM ${FLAVOUR}\n");
    Map<String, String> meta = BuildArgs.metaArgValues(df.metaArgs(), Map.of(), Map.of(), new ShellLexer('\\'));

    assertThat(names(StageGraph.plan(df, null, meta).order())).containsExactly("slim", "2");
    Map<String, String> fat = BuildArgs.metaArgValues(df.metaArgs(), Map.of("FLAVOUR", "fat"), Map.of(), new ShellLexer('\\'));
    assertThat(names(StageGraph.plan(df, null, fat).order())).containsExactly("fat", "2");
  }

  @Test
  void aFromNamingItselfOrALaterStageIsAnImage() {
    Dockerfile df = DockerfileParser.parse("FROM later AS first\nFROM first AS later\n");

    StageGraph.Plan plan = StageGraph.plan(df, "first", Map.of());

    assertThat(names(plan.order())).containsExactly("first");
    assertThat(plan.dependencies()).containsEntry(0, List.of());
  }
}
