package dev.berth.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies variable substitution to exactly the parts of an instruction that Docker's builder
 * expands, so the engine needs no per-instruction knowledge of it:
 *
 * <ul>
 *   <li>ENV and LABEL: keys and values; WORKDIR, USER, STOPSIGNAL: the argument; VOLUME: each
 *       path; EXPOSE: each word, split again after expansion;
 *   <li>COPY and ADD: sources, destination, {@code --chown}, {@code --chmod}, ADD's {@code
 *       --checksum}, and the bodies of unquoted heredocs; never {@code --from};
 *   <li>RUN: only its {@code --mount}, {@code --network} and {@code --security} values; the
 *       command is left to the shell;
 *   <li>CMD, ENTRYPOINT, SHELL, HEALTHCHECK, MAINTAINER, ONBUILD: nothing;
 *   <li>ARG: nothing here; {@link BuildArgs#resolve} decides an ARG's value.
 * </ul>
 *
 * The {@link Origin} is kept unchanged: history and cache keys use the text as written.
 */
public final class InstructionExpander {
  private final ShellLexer lexer;

  public InstructionExpander(ShellLexer lexer) {
    this.lexer = lexer;
  }

  /**
   * The instruction with its expandable parts expanded against {@code env} (the stage's ENV and
   * ARG values at this point). Throws {@link DockerfileException} naming the line when a
   * substitution fails ({@code ${X:?}} with X unset, a malformed {@code ${}}).
   */
  public Instruction expand(Instruction instruction, Map<String, String> env) {
    try {
      return switch (instruction) {
        case Instruction.Env e -> new Instruction.Env(e.origin(), pairs(e.pairs(), env));
        case Instruction.Label l -> new Instruction.Label(l.origin(), pairs(l.pairs(), env));
        case Instruction.Workdir w -> new Instruction.Workdir(w.origin(), word(w.path(), env));
        case Instruction.User u -> new Instruction.User(u.origin(), word(u.user(), env));
        case Instruction.StopSignal s ->
            new Instruction.StopSignal(s.origin(), word(s.signal(), env));
        case Instruction.Volume v -> new Instruction.Volume(v.origin(), each(v.paths(), env));
        case Instruction.Expose x -> {
          List<String> ports = new ArrayList<>();
          for (String p : x.ports()) {
            ports.addAll(lexer.words(p, env));
          }
          yield new Instruction.Expose(x.origin(), ports);
        }
        case Instruction.Copy c ->
            new Instruction.Copy(
                c.origin(),
                each(c.sources(), env),
                bodies(c.inlineSources(), env),
                word(c.destination(), env),
                c.from(),
                optional(c.chown(), env),
                optional(c.chmod(), env),
                c.link(),
                c.parents(),
                c.excludes());
        case Instruction.Add a ->
            new Instruction.Add(
                a.origin(),
                each(a.sources(), env),
                bodies(a.inlineSources(), env),
                word(a.destination(), env),
                optional(a.chown(), env),
                optional(a.chmod(), env),
                a.link(),
                a.keepGitDir(),
                optional(a.checksum(), env),
                a.unpack(),
                a.excludes());
        case Instruction.Run r -> {
          List<RunMount> mounts = new ArrayList<>();
          for (RunMount m : r.mounts()) {
            Map<String, String> options = new LinkedHashMap<>();
            m.options().forEach((k, v) -> options.put(k, word(v, env)));
            mounts.add(new RunMount(m.spec(), options));
          }
          yield new Instruction.Run(
              r.origin(),
              r.command(),
              mounts,
              optional(r.network(), env),
              optional(r.security(), env),
              r.heredocs());
        }
        case Instruction.Arg a -> a;
        case Instruction.Cmd c -> c;
        case Instruction.Entrypoint e -> e;
        case Instruction.Shell s -> s;
        case Instruction.Healthcheck h -> h;
        case Instruction.Maintainer m -> m;
        case Instruction.OnBuild o -> o;
      };
    } catch (IllegalArgumentException e) {
      throw new DockerfileException(instruction.origin().line(), e.getMessage());
    }
  }

  /** A FROM's image and platform after expansion with the meta ARG values. */
  public record BaseImage(String image, Optional<String> platform) {}

  /**
   * Expands a stage's FROM against the meta ARGs (those before the first FROM, with build-arg
   * overrides and the automatic platform ARGs). An image that expands to nothing is an error.
   */
  public BaseImage baseImage(Stage stage, Map<String, String> metaArgs) {
    try {
      String image = word(stage.baseImage(), metaArgs);
      if (image.isEmpty()) {
        throw new IllegalArgumentException(
            "base name (" + stage.baseImage() + ") should not be blank");
      }
      Optional<String> platform = optional(stage.platform(), metaArgs);
      if (platform.isPresent() && platform.get().isEmpty()) {
        throw new IllegalArgumentException(
            "empty platform value from expression " + stage.platform().get());
      }
      return new BaseImage(image, platform);
    } catch (IllegalArgumentException e) {
      throw new DockerfileException(stage.origin().line(), e.getMessage());
    }
  }

  private String word(String w, Map<String, String> env) {
    return lexer.expand(w, env);
  }

  private Optional<String> optional(Optional<String> w, Map<String, String> env) {
    return w.map(v -> lexer.expand(v, env));
  }

  private List<String> each(List<String> words, Map<String, String> env) {
    List<String> out = new ArrayList<>(words.size());
    for (String w : words) {
      out.add(lexer.expand(w, env));
    }
    return out;
  }

  private List<KeyValue> pairs(List<KeyValue> pairs, Map<String, String> env) {
    List<KeyValue> out = new ArrayList<>(pairs.size());
    for (KeyValue kv : pairs) {
      out.add(new KeyValue(word(kv.key(), env), word(kv.value(), env), kv.legacy()));
    }
    return out;
  }

  private static List<Heredoc> bodies(List<Heredoc> docs, Map<String, String> env) {
    List<Heredoc> out = new ArrayList<>(docs.size());
    ShellLexer raw = ShellLexer.forHeredocBodies();
    for (Heredoc h : docs) {
      out.add(
          h.expand()
              ? new Heredoc(h.name(), raw.expand(h.body(), env), true, h.chomp(), h.fd())
              : h);
    }
    return out;
  }
}
