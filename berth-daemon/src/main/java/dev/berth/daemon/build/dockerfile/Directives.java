package dev.berth.daemon.build.dockerfile;

import java.util.Optional;

/**
 * The parser directives at the top of a Dockerfile ({@code # syntax=}, {@code # escape=},
 * {@code # check=}). Only the escape character changes how Berth parses; {@code syntax} and
 * {@code check} are kept so the engine can report or ignore them deliberately.
 *
 * @param syntax the frontend image a BuildKit user asked for; Berth always uses its own parser
 * @param escape the escape and line-continuation character: a backslash, or a backtick for
 *     Windows-style files
 * @param check the lint configuration, which Berth does not act on
 */
public record Directives(Optional<String> syntax, char escape, Optional<String> check) {
  /** No directives: backslash escapes. */
  public static final Directives DEFAULT = new Directives(Optional.empty(), '\\', Optional.empty());
}
