package dev.berth.daemon.build.dockerfile;

import java.util.List;

/**
 * The command of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD in one of its two forms. The shell form
 * is run through the stage's SHELL ({@code /bin/sh -c} by default) and is not expanded by the
 * builder: the shell does that. The exec form is run as it is.
 *
 * @param args for the exec form the JSON array's strings; for the shell form one element, the
 *     command text (empty when the instruction had no text, as in {@code CMD})
 * @param shellForm true for the shell form
 */
public record CommandLine(List<String> args, boolean shellForm) {
  public CommandLine {
    args = List.copyOf(args);
  }

  /** The process arguments: the exec form as is, the shell form appended to {@code shell}. */
  public List<String> withShell(List<String> shell) {
    if (!shellForm) {
      return args;
    }
    List<String> out = new java.util.ArrayList<>(shell);
    out.addAll(args);
    return List.copyOf(out);
  }
}
