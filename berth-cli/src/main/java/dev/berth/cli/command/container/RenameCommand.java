package dev.berth.cli.command.container;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;

/** {@code berth rename OLD NEW}. */
public final class RenameCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth rename CONTAINER NEW_NAME", "Rename a container", new Options(), 2, 2);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String newName = args.positional().get(1).strip();
    if (newName.isEmpty()) {
      throw new IllegalArgumentException("Error: neither old nor new names may be empty");
    }
    ctx.client().post(Query.path(Containers.path(args.positional().get(0)) + "/rename").param("name", newName).build());
    return 0;
  }
}
