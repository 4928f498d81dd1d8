package dev.berth.cli.command.image;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.ArchiveOutput;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;

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
    ArchiveOutput.refuseTerminal(output);
    Query q = Query.path("/images/get");
    for (String n : args.positional()) {
      q.param("names", n);
    }
    try (HttpResponse r = ctx.client().open("GET", q.build())) {
      ArchiveOutput.write(ctx, r.body(), output);
    }
    return 0;
  }
}
