package dev.berth.cli.command.system;

import dev.berth.cli.Main;
import dev.berth.cli.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The hidden {@code --aot-training} run used when building the JDK AOT cache: it drives the flag
 * parser, the JSON code, the template engine and table formatting through a few commands so their
 * classes are loaded and linked into the cache, then returns 0 without touching the network (the
 * daemon socket given is missing, so commands that would connect fail fast and harmlessly).
 */
public final class AotTraining {
  private AotTraining() {}

  public static int run(PrintStream realOut) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(sink, false, StandardCharsets.UTF_8);
    Map<String, String> env = Map.of("BERTH_HOST", "unix:///nonexistent/berth-aot.sock");
    java.nio.file.Path context = null;
    try {
      // a small build context: the tar writer and .dockerignore matching are on the rebuild path
      context = java.nio.file.Files.createTempDirectory("berth-aot-context");
      java.nio.file.Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nCOPY . /app\n");
      java.nio.file.Files.writeString(context.resolve(".dockerignore"), "*.log\n!keep.log\n");
      java.nio.file.Files.createDirectories(context.resolve("src"));
      java.nio.file.Files.writeString(context.resolve("src/a.txt"), "a");
      dev.berth.cli.command.build.ContextArchive.write(context, "Dockerfile", null, null,
          java.io.OutputStream.nullOutputStream());
    } catch (java.io.IOException | RuntimeException ignored) {
      // training only
    }
    String[][] lines = {
        {"version"},
        {"ps", "-a", "--filter", "status=running", "--format", "table {{.ID}}\t{{.Names}}"},
        {"images", "--format", "{{json .}}"},
        {"run", "--help"},
        {"run", "--rm", "-e", "A=b", "-l", "x=y", "--name", "n", "-p", "8080:80", "-m", "64m", "--restart", "no", "busybox", "true"},
        {"inspect", "-f", "{{.Config.Image}}", "x"},
        {"logs", "-f", "x"},
        {"exec", "-i", "-e", "A=b", "x", "sh"},
        {"container", "ls", "--no-trunc"},
        {"build", "-q", "-t", "x", context == null ? "." : context.toString()},
    };
    for (String[] l : lines) {
      try {
        Main.run(List.of(l), out, out, new ByteArrayInputStream(new byte[0]), env);
      } catch (RuntimeException ignored) {
        // training only needs the code paths exercised
      }
    }
    if (context != null) {
      try (var walk = java.nio.file.Files.walk(context)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException ignored) {
        // a temp dir left behind is harmless
      }
    }
    long now = System.currentTimeMillis();
    String ps = "[{\"Id\":\"0123456789abcdef0123456789abcdef\",\"Names\":[\"/web\"],\"Image\":\"busybox\",\"Command\":\"sh -c 'sleep 1000'\","
        + "\"Created\":" + (now / 1000 - 90) + ",\"Ports\":[{\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\",\"IP\":\"0.0.0.0\"}],"
        + "\"Labels\":{\"a\":\"b\"},\"State\":\"running\",\"Status\":\"Up 2 minutes\"}]";
    dev.berth.cli.args.ParsedArgs none = new dev.berth.cli.args.Options().parse(List.of());
    out.print(dev.berth.cli.format.ListFormat.render(null, "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}",
        Map.of("ID", "CONTAINER ID"), List.of(new dev.berth.cli.command.container.ContainerRow(
            (Map<?, ?>) ((List<?>) Json.parse(ps)).get(0), true, now))));
    out.print(dev.berth.cli.format.Template.parse("{{range $k, $v := .Labels}}{{$k}}={{$v}} {{end}}{{if .Names}}{{join .Names \",\"}}{{else}}-{{end}}"
        + "{{index .Labels \"a\"}}{{upper .State}}{{json .Ports}}{{println}}").execute(((List<?>) Json.parse(ps)).get(0)));
    out.print(dev.berth.cli.json.JsonIndent.indent(ps, "    "));
    out.print(dev.berth.cli.format.Human.size(4_260_000) + dev.berth.cli.format.Human.duration(90_000) + none.positional());
    out.flush();
    return 0;
  }
}
