package dev.berth.cli.command.volume;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.InspectPrinter;
import java.util.ArrayList;
import java.util.List;

/** {@code berth volume inspect}: {@code GET /volumes/{name}} for each name, printed as docker's inspect does. */
public final class VolumeInspectCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth volume inspect [OPTIONS] VOLUME [VOLUME...]", "Display detailed information on one or more volumes",
        new Options().value('f', "format", "string", "Format output using a custom template: 'json' or 'TEMPLATE'"),
        1, Spec.ANY);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    InspectPrinter printer = new InspectPrinter(args.value("format"), ctx.out());
    List<String> errors = new ArrayList<>();
    for (String name : args.positional()) {
      try {
        printer.add(ctx.client().getText("/volumes/" + Query.segment(name)));
      } catch (DaemonException e) {
        errors.add("Error response from daemon: " + e.getMessage());
      }
    }
    printer.finish();
    errors.forEach(ctx.err()::println);
    return errors.isEmpty() ? 0 : 1;
  }
}
