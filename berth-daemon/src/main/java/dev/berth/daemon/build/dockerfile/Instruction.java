package dev.berth.daemon.build.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * One parsed instruction of a stage. A sealed family of records so that the engine dispatches
 * with an exhaustive {@code switch} and the compiler tells it when an instruction is forgotten.
 * Values are as written (unexpanded); {@link InstructionExpander} produces the expanded copy a
 * step runs with. FROM is not an instruction here: it starts a {@link Stage}.
 */
public sealed interface Instruction {
  /** Where the instruction came from: keyword, original text, lines, flags. */
  Origin origin();

  /** {@code RUN} with its command, {@code --mount}s, {@code --network}, {@code --security}. */
  record Run(
      Origin origin,
      CommandLine command,
      List<RunMount> mounts,
      Optional<String> network,
      Optional<String> security,
      List<Heredoc> heredocs)
      implements Instruction {
    public Run {
      mounts = List.copyOf(mounts);
      heredocs = List.copyOf(heredocs);
    }
  }

  /** {@code CMD}: the default command of the image. */
  record Cmd(Origin origin, CommandLine command) implements Instruction {}

  /** {@code ENTRYPOINT}; an empty exec form ({@code ENTRYPOINT []}) clears it. */
  record Entrypoint(Origin origin, CommandLine command) implements Instruction {}

  /** {@code SHELL}: the shell for later shell-form commands; always the JSON form. */
  record Shell(Origin origin, List<String> shell) implements Instruction {
    public Shell {
      shell = List.copyOf(shell);
    }
  }

  /** {@code ENV}, in either the legacy {@code ENV k v} or the {@code k=v ...} form. */
  record Env(Origin origin, List<KeyValue> pairs) implements Instruction {
    public Env {
      pairs = List.copyOf(pairs);
    }
  }

  /** {@code LABEL k=v ...}. */
  record Label(Origin origin, List<KeyValue> pairs) implements Instruction {
    public Label {
      pairs = List.copyOf(pairs);
    }
  }

  /** {@code ARG name[=default] ...}. */
  record Arg(Origin origin, List<ArgDefinition> args) implements Instruction {
    public Arg {
      args = List.copyOf(args);
    }
  }

  /** {@code EXPOSE}: the words as written; expansion may split one into several. */
  record Expose(Origin origin, List<String> ports) implements Instruction {
    public Expose {
      ports = List.copyOf(ports);
    }
  }

  /** {@code WORKDIR path}. */
  record Workdir(Origin origin, String path) implements Instruction {}

  /** {@code USER user[:group]}. */
  record User(Origin origin, String user) implements Instruction {}

  /** {@code VOLUME}, from the JSON or the space-separated form. */
  record Volume(Origin origin, List<String> paths) implements Instruction {
    public Volume {
      paths = List.copyOf(paths);
    }
  }

  /** {@code STOPSIGNAL signal}. */
  record StopSignal(Origin origin, String signal) implements Instruction {}

  /** {@code MAINTAINER name} (deprecated; it sets the image's author). */
  record Maintainer(Origin origin, String name) implements Instruction {}

  /**
   * {@code COPY}: files from the context, another stage or an image ({@code --from}) and inline
   * heredoc files, to a destination.
   */
  record Copy(
      Origin origin,
      List<String> sources,
      List<Heredoc> inlineSources,
      String destination,
      Optional<String> from,
      Optional<String> chown,
      Optional<String> chmod,
      boolean link,
      boolean parents,
      List<String> excludes)
      implements Instruction {
    public Copy {
      sources = List.copyOf(sources);
      inlineSources = List.copyOf(inlineSources);
      excludes = List.copyOf(excludes);
    }
  }

  /** {@code ADD}: like COPY, plus URLs, git sources and unpacking of local archives. */
  record Add(
      Origin origin,
      List<String> sources,
      List<Heredoc> inlineSources,
      String destination,
      Optional<String> chown,
      Optional<String> chmod,
      boolean link,
      Optional<Boolean> keepGitDir,
      Optional<String> checksum,
      Optional<Boolean> unpack,
      List<String> excludes)
      implements Instruction {
    public Add {
      sources = List.copyOf(sources);
      inlineSources = List.copyOf(inlineSources);
      excludes = List.copyOf(excludes);
    }
  }

  /**
   * {@code HEALTHCHECK}, already in the image config's shape: {@code test} is {@code ["NONE"]},
   * {@code ["CMD", args...]} or {@code ["CMD-SHELL", command]}; durations are in nanoseconds and
   * 0 means "not set" (the runtime default applies), as in Docker's config.
   */
  record Healthcheck(
      Origin origin,
      List<String> test,
      long intervalNanos,
      long timeoutNanos,
      long startPeriodNanos,
      long startIntervalNanos,
      int retries)
      implements Instruction {
    public Healthcheck {
      test = List.copyOf(test);
    }
  }

  /**
   * {@code ONBUILD}: a trigger stored in the image and run by builds that use it as a base.
   *
   * @param trigger the parsed instruction, checked now so mistakes show at this build
   * @param expression the text the image config records (the line without {@code ONBUILD},
   *     heredoc bodies appended), which a later build parses again
   */
  record OnBuild(Origin origin, Instruction trigger, String expression) implements Instruction {}
}
