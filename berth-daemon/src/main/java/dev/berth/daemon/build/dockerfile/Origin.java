package dev.berth.daemon.build.dockerfile;

/**
 * Where an instruction came from. The engine needs the original text for the image history's
 * {@code created_by} and for the cache key, and the line numbers for error messages that point
 * at the Dockerfile.
 *
 * @param keyword the instruction in upper case ({@code RUN})
 * @param original the logical line as written, continuations joined (as BuildKit keeps it), without
 *     any heredoc bodies
 * @param line the 1-based line the instruction starts on
 * @param endLine the last line of the instruction, heredoc bodies included
 * @param flags the instruction's {@code --flags}
 */
public record Origin(String keyword, String original, int line, int endLine, Flags flags) {}
