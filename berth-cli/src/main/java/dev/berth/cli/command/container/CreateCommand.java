package dev.berth.cli.command.container;

import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;

/** {@code berth create}: the run flags, creating without starting; prints the new ID. */
public final class CreateCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth create [OPTIONS] IMAGE [COMMAND] [ARG...]", "Create a new container",
        ContainerFlags.declare(false), 1, Spec.ANY, true);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    CreateRequest req = CreateRequest.from(args, false, ctx.env());
    ctx.out().println(ContainerCreator.create(ctx, req, args.value("pull", "missing")));
    return 0;
  }
}
