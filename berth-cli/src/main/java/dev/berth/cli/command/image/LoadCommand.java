package dev.berth.cli.command.image;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.ProgressPrinter;
import dev.berth.cli.command.Spec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code berth load}: streams a tar from {@code -i} or stdin to {@code POST /images/load} (a file
 * with its length, stdin chunked, so archives of any size pass without buffering) and prints the
 * daemon's messages such as {@code Loaded image: busybox:latest}.
 */
public final class LoadCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth load [OPTIONS]", "Load an image from a tar archive or STDIN", new Options()
        .value('i', "input", "string", "Read from tar archive file, instead of STDIN")
        .list("platform", "strings", "Load only the given platform(s)")
        .bool('q', "quiet", "Suppress the load output"), 0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String input = args.value("input");
    InputStream in;
    long length = -1;
    if (input != null && !input.isEmpty()) {
      Path p = Path.of(input);
      try {
        length = Files.size(p);
        in = Files.newInputStream(p);
      } catch (NoSuchFileException e) {
        throw new CliError("Error: open " + input + ": no such file or directory", 1);
      }
    } else {
      if (dev.berth.cli.command.container.TerminalCheck.stdinIsTerminal()) {
        throw new CliError("Error: requested load from stdin, but stdin is empty", 1);
      }
      in = ctx.in();
    }
    String target = Query.path("/images/load").flag("quiet", args.bool("quiet")).build();
    try (in; HttpResponse r = ctx.client().upload(target, in, length, "application/x-tar")) {
      ProgressPrinter.print(r, ctx.out());
    }
    return 0;
  }
}
