package dev.berth.cli.command.network;

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

/**
 * {@code berth network inspect}: {@code GET /networks/{id}} for each name, printed as docker's
 * inspect does (a 4-space indented array, or the template per network); daemon errors are printed
 * after the output and the exit code is then 1.
 */
public final class NetworkInspectCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth network inspect [OPTIONS] NETWORK [NETWORK...]", "Display detailed information on one or more networks",
        new Options()
            .value('f', "format", "string", "Format output using a custom template: 'json' or 'TEMPLATE'")
            .bool('v', "verbose", "Verbose output for diagnostics"), 1, Spec.ANY);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    InspectPrinter printer = new InspectPrinter(args.value("format"), ctx.out());
    List<String> errors = new ArrayList<>();
    for (String name : args.positional()) {
      String raw;
      try {
        raw = ctx.client().getText(Query.path(Networks.path(name)).param("verbose", args.bool("verbose") ? "true" : null).build());
      } catch (DaemonException e) {
        errors.add("Error response from daemon: " + e.getMessage());
        continue;
      }
      printer.add(raw);
    }
    printer.finish();
    if (!errors.isEmpty()) {
      errors.forEach(ctx.err()::println);
      return 1;
    }
    return 0;
  }
}
