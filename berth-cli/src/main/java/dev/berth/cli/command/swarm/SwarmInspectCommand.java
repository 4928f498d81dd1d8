package dev.berth.cli.command.swarm;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.InspectPrinter;

/** {@code berth swarm inspect}: {@code GET /swarm}, printed as docker's inspect prints it (a JSON array). */
public final class SwarmInspectCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth swarm inspect [OPTIONS]", "Display detailed information on the swarm",
        new Options().value('f', "format", "string", "Format output using a custom template: 'json' or 'TEMPLATE'"),
        0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    InspectPrinter printer = new InspectPrinter(args.value("format"), ctx.out());
    try {
      printer.add(ctx.client().getText("/swarm"));
    } catch (DaemonException e) {
      ctx.err().println("Error response from daemon: " + e.getMessage());
      return 1;
    }
    printer.finish();
    return 0;
  }
}
