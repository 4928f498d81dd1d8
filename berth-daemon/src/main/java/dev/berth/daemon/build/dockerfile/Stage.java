package dev.berth.daemon.build.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * One build stage: a FROM and the instructions up to the next FROM.
 *
 * @param index the stage's 0-based position, usable in {@code COPY --from=<index>}
 * @param name the lower-cased {@code AS} name, if any
 * @param baseImage the FROM argument as written: an image, {@code scratch}, an earlier stage's
 *     name, or an expression over the meta ARGs ({@code ${BASE}:latest}) to expand first
 * @param platform the {@code --platform} value as written, if any
 * @param origin the FROM line
 * @param instructions the instructions in order
 */
public record Stage(
    int index,
    Optional<String> name,
    String baseImage,
    Optional<String> platform,
    Origin origin,
    List<Instruction> instructions) {
  public Stage {
    instructions = List.copyOf(instructions);
  }

  /** Whether this stage starts from nothing. */
  public boolean fromScratch() {
    return baseImage.equalsIgnoreCase("scratch");
  }

  /** The name if it has one, else the index, as Docker shows stages ("stage-2" style ids aside). */
  public String displayName() {
    return name.orElse(Integer.toString(index));
  }
}
