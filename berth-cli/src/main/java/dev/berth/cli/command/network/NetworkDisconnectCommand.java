package dev.berth.cli.command.network;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code berth network disconnect NETWORK CONTAINER}: {@code POST /networks/{id}/disconnect}. */
public final class NetworkDisconnectCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth network disconnect [OPTIONS] NETWORK CONTAINER", "Disconnect a container from a network", new Options()
        .bool('f', "force", "Force the container to disconnect from a network"), 2, 2);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    List<String> pos = args.positional();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Container", pos.get(1));
    body.put("Force", args.bool("force"));
    ctx.client().postJson(Networks.path(pos.get(0)) + "/disconnect", body);
    return 0;
  }
}
