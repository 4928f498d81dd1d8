package dev.berth.cli.command.volume;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.command.network.Networks;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code berth volume create [NAME]}: {@code POST /volumes/create}, printing the volume's name. */
public final class VolumeCreateCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth volume create [OPTIONS] [VOLUME]", "Create a volume", new Options()
        .value('d', "driver", "string", "Specify volume driver name (default \"local\")")
        .list("label", "list", "Set metadata for a volume")
        .value("name", "string", "Specify volume name")
        .list('o', "opt", "map", "Set driver specific options (default map[])"), 0, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String name = args.value("name");
    if (!args.positional().isEmpty()) {
      if (name != null && !name.isEmpty() && !name.equals(args.positional().get(0))) {
        throw new UsageException("conflicting options: cannot specify a volume-name through both --name and as a "
            + "positional arg");
      }
      name = args.positional().get(0);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Name", name == null ? "" : name);
    String driver = args.value("driver");
    body.put("Driver", driver == null || driver.isEmpty() ? "local" : driver);
    body.put("DriverOpts", Networks.keyValues(args.list("opt")));
    body.put("Labels", Networks.keyValues(args.list("label")));
    Map<?, ?> v = (Map<?, ?>) ctx.client().postJson("/volumes/create", body);
    ctx.out().println(v.get("Name"));
    return 0;
  }
}
