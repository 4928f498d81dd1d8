package dev.berth.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a RUN step executes, heredocs included, as BuildKit runs it: a RUN that is only
 * {@code <<EOF} runs the body through the shell (or, when the body starts with {@code #!}, as a
 * script file the engine mounts at {@link #SCRIPT_DIR}); a RUN with a command and heredocs hands
 * the shell the command with the bodies reattached, so the shell's own heredoc support does the
 * rest. Kept apart from the engine so it can be tested without running anything.
 *
 * @param argv the process arguments
 * @param script a file the engine must provide before running, if any
 */
public record RunInvocation(List<String> argv, Optional<Script> script) {
  /** Where BuildKit places a heredoc script with a shebang. */
  public static final String SCRIPT_DIR = "/dev/pipes/";

  /** A heredoc written to {@code path} with mode 0755 and run directly. */
  public record Script(String path, String content) {}

  public RunInvocation {
    argv = List.copyOf(argv);
  }

  /** The invocation of {@code run} under the stage's {@code shell} (default {@code /bin/sh -c}). */
  public static RunInvocation of(Instruction.Run run, List<String> shell) {
    CommandLine cmd = run.command();
    if (run.heredocs().isEmpty() || !cmd.shellForm()) {
      return new RunInvocation(cmd.withShell(shell), Optional.empty());
    }
    String text = cmd.args().get(0);
    if (HeredocWords.parse(text.strip()) != null) {
      Heredoc doc = run.heredocs().get(0);
      String data = doc.text();
      if (data.startsWith("#!")) {
        Script script = new Script(SCRIPT_DIR + doc.name(), data);
        return new RunInvocation(with(shell, script.path()), Optional.of(script));
      }
      return new RunInvocation(with(shell, data), Optional.empty());
    }
    StringBuilder sb = new StringBuilder(text);
    for (Heredoc doc : run.heredocs()) {
      sb.append('\n').append(doc.body()).append(doc.name());
    }
    return new RunInvocation(with(shell, sb.toString()), Optional.empty());
  }

  private static List<String> with(List<String> shell, String arg) {
    List<String> out = new ArrayList<>(shell);
    out.add(arg);
    return out;
  }
}
