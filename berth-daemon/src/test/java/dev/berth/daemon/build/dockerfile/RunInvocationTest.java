package dev.berth.daemon.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunInvocationTest {
  private static final List<String> SH = List.of("/bin/sh", "-c");

  private static RunInvocation of(String dockerfileTail) {
    Instruction.Run run =
        (Instruction.Run)
            DockerfileParser.parse("FROM scratch\n" + dockerfileTail).stages().get(0).instructions().get(0);
    return RunInvocation.of(run, SH);
  }

  @Test
  void shellAndExecForms() {
    assertThat(of("RUN echo hi\n").argv()).containsExactly("/bin/sh", "-c", "echo hi");
    assertThat(of("RUN [\"echo\", \"hi\"]\n").argv()).containsExactly("echo", "hi");
  }

  @Test
  void aLoneHeredocRunsItsBodyThroughTheShell() {
    RunInvocation r = of("RUN <<-EOF\n\techo a\n\techo b\n\tEOF\n");

    assertThat(r.argv()).containsExactly("/bin/sh", "-c", "echo a\necho b\n");
    assertThat(r.script()).isEmpty();
  }

  @Test
  void aHeredocWithAShebangBecomesAScriptFile() {
    RunInvocation r = of("RUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n");

    assertThat(r.argv()).containsExactly("/bin/sh", "-c", "/dev/pipes/EOF");
    assertThat(r.script()).contains(new RunInvocation.Script("/dev/pipes/EOF", "#!/usr/bin/env python3\nprint(1)\n"));
  }

  @Test
  void aCommandWithHeredocsGetsThemBackForTheShell() {
    RunInvocation r = of("RUN python3 <<EOF > /out\nprint(1)\nEOF\n");

    assertThat(r.argv()).containsExactly("/bin/sh", "-c", "python3 <<EOF > /out\nprint(1)\nEOF");
  }
}
