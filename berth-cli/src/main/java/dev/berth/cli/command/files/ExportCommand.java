package dev.berth.cli.command.files;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.command.container.TerminalCheck;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code berth export}: a container's file system as a tar, to stdout or {@code -o FILE}. */
public final class ExportCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth export [OPTIONS] CONTAINER", "Export a container's filesystem as a tar archive",
        new Options().value('o', "output", "string", "Write to a file, instead of STDOUT"), 1, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String output = args.value("output");
    if ((output == null || output.isEmpty()) && TerminalCheck.stdoutIsTerminal()) {
      throw new CliError("cowardly refusing to save to a terminal. Use the -o flag or redirect", 1);
    }
    String target = "/containers/" + Query.segment(args.positional().get(0)) + "/export";
    try (HttpResponse r = ctx.client().open("GET", target)) {
      if (output == null || output.isEmpty()) {
        r.body().transferTo(ctx.out());
        ctx.out().flush();
      } else {
        Path tmp = Path.of(output + ".berth-tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
          r.body().transferTo(out);
        }
        Files.move(tmp, Path.of(output), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return 0;
  }
}
