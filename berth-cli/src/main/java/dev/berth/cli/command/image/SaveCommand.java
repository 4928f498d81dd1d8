package dev.berth.cli.command.image;

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

/** {@code berth save}: {@code GET /images/get?names=...} streamed to {@code -o} or stdout. */
public final class SaveCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth save [OPTIONS] IMAGE [IMAGE...]",
        "Save one or more images to a tar archive (streamed to STDOUT by default)", new Options()
            .value('o', "output", "string", "Write to a file, instead of STDOUT")
            .list("platform", "strings", "Save only the given platform(s)"), 1, Spec.ANY);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String output = args.value("output");
    if ((output == null || output.isEmpty()) && TerminalCheck.stdoutIsTerminal()) {
      throw new CliError("Error: cowardly refusing to save to a terminal. Use the -o flag or redirect", 1);
    }
    Query q = Query.path("/images/get");
    for (String n : args.positional()) {
      q.param("names", n);
    }
    try (HttpResponse r = ctx.client().open("GET", q.build())) {
      if (output == null || output.isEmpty()) {
        r.body().transferTo(ctx.out());
        ctx.out().flush();
      } else {
        Path tmp = Path.of(output + ".berth-tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
          r.body().transferTo(out);
        }
        Files.move(tmp, Path.of(output), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return 0;
  }
}
