package dev.berth.daemon.build.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * A parsed Dockerfile: immutable, with every value still as written, so one parse serves any
 * set of build args and targets.
 *
 * @param directives the parser directives at the top
 * @param metaArgs the ARG instructions before the first FROM, whose values may be used in FROM
 *     lines and inherited by stages that re-declare them
 * @param stages the stages in order; never empty
 */
public record Dockerfile(Directives directives, List<Instruction.Arg> metaArgs, List<Stage> stages) {
  public Dockerfile {
    metaArgs = List.copyOf(metaArgs);
    stages = List.copyOf(stages);
  }

  /**
   * The stage named {@code nameOrIndex} (case-insensitive; the last one when names repeat, as
   * BuildKit resolves them), or the stage at that index when it is a number.
   */
  public Optional<Stage> stage(String nameOrIndex) {
    String wanted = nameOrIndex.toLowerCase(java.util.Locale.ROOT);
    for (int i = stages.size() - 1; i >= 0; i--) {
      if (stages.get(i).name().map(wanted::equals).orElse(false)) {
        return Optional.of(stages.get(i));
      }
    }
    if (!wanted.isEmpty() && wanted.chars().allMatch(Character::isDigit) && wanted.length() < 10) {
      int index = Integer.parseInt(wanted);
      if (index < stages.size()) {
        return Optional.of(stages.get(index));
      }
    }
    return Optional.empty();
  }

  /** The stage built when no target is given: the last one. */
  public Stage lastStage() {
    return stages.get(stages.size() - 1);
  }
}
