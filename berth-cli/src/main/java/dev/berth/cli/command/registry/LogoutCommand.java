package dev.berth.cli.command.registry;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;

/** {@code berth logout}: forgets a registry's stored credentials. */
public final class LogoutCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth logout [SERVER]", "Log out from a registry", new Options(), 0, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String server = args.positional().isEmpty() ? AuthStore.HUB : args.positional().get(0);
    String key = AuthStore.key(server);
    if (new AuthStore(ctx.env()).erase(server)) {
      ctx.out().println("Removing login credentials for " + key);
    } else {
      ctx.out().println("Not logged in to " + key);
    }
    return 0;
  }
}
