package dev.berth.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which stages a build needs and in what order. A multi-stage build should only build the stages
 * its target depends on (through {@code FROM <stage>}, {@code COPY --from=<stage|index>} and
 * {@code RUN --mount=from=<stage>}), and stages that do not depend on each other can run at the
 * same time. A name that is not a stage is an image, as in Docker; a reference to the current or
 * a later stage is an error (it would be a cycle).
 */
public final class StageGraph {
  private StageGraph() {}

  /**
   * The stages needed for a target.
   *
   * @param target the stage asked for
   * @param order the needed stages, each after all it depends on (ascending index)
   * @param levels the same stages in groups: every stage of a group depends only on stages of
   *     earlier groups, so a group's stages may be built in parallel
   * @param dependencies for each needed stage's index, the indices of the stages it uses
   */
  public record Plan(
      Stage target,
      List<Stage> order,
      List<List<Stage>> levels,
      Map<Integer, List<Integer>> dependencies) {}

  /**
   * Plans the build of {@code target} (a stage name, or null for the last stage). FROM lines are
   * expanded with {@code metaArgValues} (see {@link BuildArgs#metaArgValues}) before they are
   * matched against stage names, as BuildKit does.
   */
  public static Plan plan(Dockerfile dockerfile, String target, Map<String, String> metaArgValues) {
    List<Stage> stages = dockerfile.stages();
    Stage wanted = dockerfile.lastStage();
    if (target != null && !target.isEmpty()) {
      wanted =
          stages.stream()
              .filter(s -> s.name().map(n -> n.equalsIgnoreCase(target)).orElse(false))
              .reduce((a, b) -> b)
              .orElseThrow(
                  () ->
                      new DockerfileException(
                          "target stage \"" + target + "\" could not be found"));
    }
    ShellLexer lexer = new ShellLexer(dockerfile.directives().escape());
    Map<Integer, List<Integer>> deps = new TreeMap<>();
    TreeSet<Integer> needed = new TreeSet<>();
    collect(dockerfile, wanted.index(), lexer, metaArgValues, deps, needed);
    List<Stage> order = new ArrayList<>();
    Map<Integer, Integer> level = new TreeMap<>();
    List<List<Stage>> levels = new ArrayList<>();
    for (int i : needed) {
      Stage s = stages.get(i);
      order.add(s);
      int l = 0;
      for (int d : deps.get(i)) {
        l = Math.max(l, level.get(d) + 1);
      }
      level.put(i, l);
      while (levels.size() <= l) {
        levels.add(new ArrayList<>());
      }
      levels.get(l).add(s);
    }
    Map<Integer, List<Integer>> neededDeps = new TreeMap<>();
    for (int i : needed) {
      neededDeps.put(i, deps.get(i));
    }
    List<List<Stage>> frozen = new ArrayList<>();
    for (List<Stage> group : levels) {
      frozen.add(List.copyOf(group));
    }
    return new Plan(wanted, List.copyOf(order), List.copyOf(frozen), Map.copyOf(neededDeps));
  }

  private static void collect(
      Dockerfile df,
      int index,
      ShellLexer lexer,
      Map<String, String> metaArgValues,
      Map<Integer, List<Integer>> deps,
      TreeSet<Integer> needed) {
    if (!needed.add(index)) {
      return;
    }
    List<Integer> mine = dependencies(df, df.stages().get(index), lexer, metaArgValues);
    deps.put(index, mine);
    for (int d : mine) {
      collect(df, d, lexer, metaArgValues, deps, needed);
    }
  }

  /** The stages one stage uses directly, in ascending order. */
  static List<Integer> dependencies(
      Dockerfile df, Stage stage, ShellLexer lexer, Map<String, String> metaArgValues) {
    TreeSet<Integer> out = new TreeSet<>();
    String base;
    try {
      base = lexer.expand(stage.baseImage(), metaArgValues);
    } catch (IllegalArgumentException e) {
      throw new DockerfileException(stage.origin().line(), e.getMessage());
    }
    earlierByName(df, stage, base).ifPresent(out::add);
    for (Instruction i : stage.instructions()) {
      switch (i) {
        case Instruction.Copy c when c.from().isPresent() -> copyFrom(df, stage, c).ifPresent(out::add);
        case Instruction.Run r -> {
          for (RunMount m : r.mounts()) {
            if (m.from().isPresent()) {
              referenced(df, stage, m.from().get(), r.origin()).ifPresent(out::add);
            }
          }
        }
        default -> {}
      }
    }
    return List.copyOf(out);
  }

  private static Optional<Integer> copyFrom(Dockerfile df, Stage stage, Instruction.Copy c) {
    String from = c.from().get();
    if (from.contains("$")) {
      throw new DockerfileException(
          c.origin().line(),
          "variable expansion is not supported for --from, define a new stage with FROM using"
              + " ARG from global scope as a workaround");
    }
    if (!from.isEmpty() && from.chars().allMatch(Character::isDigit)) {
      int index = from.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(from);
      if (index >= stage.index()) {
        throw new DockerfileException(
            c.origin().line(),
            "invalid from flag value "
                + from
                + ": refers to current or future build stage (stage "
                + stage.displayName()
                + ")");
      }
      return Optional.of(index);
    }
    return referenced(df, stage, from, c.origin());
  }

  /** A stage named {@code name}: must be earlier; a name no stage has is an image. */
  private static Optional<Integer> referenced(Dockerfile df, Stage stage, String name, Origin at) {
    Optional<Integer> earlier = earlierByName(df, stage, name);
    if (earlier.isPresent()) {
      return earlier;
    }
    for (Stage s : df.stages()) {
      if (s.index() >= stage.index() && s.name().map(n -> n.equalsIgnoreCase(name)).orElse(false)) {
        throw new DockerfileException(
            at.line(),
            "cannot copy from stage \""
                + name
                + "\", it needs to be defined before current stage \""
                + stage.displayName()
                + "\"");
      }
    }
    return Optional.empty();
  }

  private static Optional<Integer> earlierByName(Dockerfile df, Stage stage, String name) {
    for (int i = stage.index() - 1; i >= 0; i--) {
      Stage s = df.stages().get(i);
      if (s.name().map(n -> n.equalsIgnoreCase(name)).orElse(false)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }
}
