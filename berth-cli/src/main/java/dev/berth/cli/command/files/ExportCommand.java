package dev.berth.cli.command.files;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.ArchiveOutput;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;

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
    ArchiveOutput.refuseTerminal(output);
    String target = "/containers/" + Query.segment(args.positional().get(0)) + "/export";
    try (HttpResponse r = ctx.client().open("GET", target)) {
      ArchiveOutput.write(ctx, r.body(), output);
    }
    return 0;
  }
}
