package dev.berth.daemon.build.dockerfile;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.daemon.FuzzChecks;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Dockerfile comes from the repository being built. Everything the builder does with its text
 * before running a step is fuzzed here: parse, meta ARGs, the stage plan, the expansion of each
 * instruction and the RUN invocation. The documented refusal is {@link DockerfileException}
 * (and, for an ARG default expanded inside a stage, the lexer's {@link IllegalArgumentException}),
 * each with a one-line message; the build then fails with that line.
 */
class DockerfileFuzzTest {
  private static final Map<String, String> BUILD_ARGS = Map.of("VERSION", "1.2", "BASE", "alpine");

  @FuzzTest(maxDuration = "5m")
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Dockerfile df;
    try {
      df = DockerfileParser.parse(text);
    } catch (DockerfileException e) {
      FuzzChecks.requireOneLine(e);
      return;
    }
    DockerfileParser.directives(text);
    try {
      plan(df);
    } catch (DockerfileException e) {
      FuzzChecks.requireOneLine(e);
    }
  }

  private static void plan(Dockerfile df) {
    ShellLexer lexer = new ShellLexer(df.directives().escape());
    Map<String, String> meta = BuildArgs.metaArgValues(df.metaArgs(), BUILD_ARGS,
        BuildArgs.platformArgs("linux/amd64", "linux/amd64"), lexer);
    StageGraph.Plan plan = StageGraph.plan(df, null, meta);
    InstructionExpander expander = new InstructionExpander(lexer);
    for (Stage stage : plan.order()) {
      expander.baseImage(stage, meta);
      df.stage(stage.baseImage());
      Map<String, String> env = new HashMap<>(Map.of("HOME", "/root", "PATH", "/usr/bin:/bin"));
      for (Instruction raw : stage.instructions()) {
        if (raw instanceof Instruction.Arg a) {
          for (ArgDefinition d : a.args()) {
            try {
              BuildArgs.resolve(d, BUILD_ARGS, meta, env, lexer).ifPresent(v -> env.put(d.name(), v));
            } catch (IllegalArgumentException e) {
              FuzzChecks.requireOneLine(e);
            }
          }
          continue;
        }
        Instruction in = expander.expand(raw, env);
        if (in instanceof Instruction.Env e) {
          e.pairs().forEach(kv -> env.put(kv.key(), kv.value()));
        } else if (in instanceof Instruction.Run r) {
          RunInvocation.of(r, List.of("/bin/sh", "-c"));
        }
      }
    }
    for (Stage stage : df.stages()) {
      stage.name().ifPresent(n -> StageGraph.plan(df, n, meta));
    }
  }
}
