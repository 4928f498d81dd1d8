package dev.berth.cli.command.container;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonClient;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.InspectPrinter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code berth inspect}, {@code container inspect} and {@code image inspect}: without a format the
 * daemon's own JSON in a 4-space indented array (docker runs it through json.Indent); with
 * {@code -f} the template runs on each object's raw JSON. Names that match nothing are reported
 * after the output, and the exit code is then 1.
 */
public final class InspectCommand implements Command {
  private final String fixedType;

  public InspectCommand(String fixedType) {
    this.fixedType = fixedType;
  }

  @Override
  public Spec spec() {
    Options o = new Options().value('f', "format", "string", "Format output using a custom template");
    String usage = "berth inspect [OPTIONS] NAME|ID [NAME|ID...]";
    String what = "Return low-level information on Berth objects";
    if (fixedType == null) {
      o.bool('s', "size", "Display total file sizes if the type is container")
          .value("type", "string", "Only inspect objects of the given type");
    } else if (fixedType.equals("container")) {
      o.bool('s', "size", "Display total file sizes");
      usage = "berth container inspect [OPTIONS] CONTAINER [CONTAINER...]";
      what = "Display detailed information on one or more containers";
    } else {
      usage = "berth image inspect [OPTIONS] IMAGE [IMAGE...]";
      what = "Display detailed information on one or more images";
    }
    return new Spec(usage, what, o, 1, Spec.ANY);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String type = fixedType != null ? fixedType : args.value("type");
    if (type != null && !type.equals("container") && !type.equals("image")) {
      throw new CliError("\"" + type + "\" is not a valid value for --type", 1);
    }
    InspectPrinter printer = new InspectPrinter(args.value("format"), ctx.out());
    List<String> missing = new ArrayList<>();
    DaemonClient client = ctx.client();
    for (String name : args.positional()) {
      String raw = fetch(client, name, type, args.bool("size"));
      if (raw == null) {
        missing.add(name);
        continue;
      }
      printer.add(raw);
    }
    printer.finish();
    if (!missing.isEmpty()) {
      String noun = type == null ? "object" : type;
      for (String m : missing) {
        ctx.err().println("Error: No such " + noun + ": " + m);
      }
      return 1;
    }
    return 0;
  }

  private static String fetch(DaemonClient client, String name, String type, boolean size) throws java.io.IOException {
    if (type == null || type.equals("container")) {
      try {
        return client.getText(Query.path(Containers.path(name) + "/json").flag("size", size).build());
      } catch (DaemonException e) {
        if (!e.isNotFound()) {
          throw e;
        }
      }
    }
    if (type == null || type.equals("image")) {
      try {
        return client.getText("/images/" + Query.segment(name) + "/json");
      } catch (DaemonException e) {
        if (!e.isNotFound()) {
          throw e;
        }
      }
    }
    return null;
  }
}
