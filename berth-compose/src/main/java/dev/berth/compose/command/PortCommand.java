package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.compose.engine.ProjectContainers;
import dev.berth.compose.load.ComposeException;
import java.util.List;
import java.util.Map;

/** {@code compose port SERVICE PRIVATE_PORT}: the host address the port is published on. */
final class PortCommand implements ComposeCommand {
  @Override
  public String usage() {
    return "port [OPTIONS] SERVICE PRIVATE_PORT";
  }

  @Override
  public String description() {
    return "Print the public port for a port binding";
  }

  @Override
  public Options options() {
    return new Options().value("index", "int", "Index of the container if service has multiple replicas")
        .value("protocol", "string", "tcp or udp");
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    if (args.positional().size() != 2) {
      throw new ComposeException("port requires exactly 2 arguments: SERVICE PRIVATE_PORT");
    }
    String svc = args.positional().get(0);
    long port = Long.parseLong(args.positional().get(1));
    String proto = args.value("protocol", "tcp");
    int index = Integer.parseInt(args.value("index", "1"));
    for (Map<String, Object> c : ProjectContainers.of(ctx.engine(), ctx.projectName(), false)) {
      if (!ProjectContainers.service(c).equals(svc) || ProjectContainers.number(c) != index) {
        continue;
      }
      for (Object o : (List<?>) c.getOrDefault("Ports", List.of())) {
        Map<?, ?> p = (Map<?, ?>) o;
        if (p.get("PrivatePort") instanceof Number n && n.longValue() == port && proto.equals(p.get("Type"))
            && p.get("PublicPort") != null) {
          ctx.out().println(p.get("IP") + ":" + p.get("PublicPort"));
          return 0;
        }
      }
      throw new ComposeException("no port " + port + "/" + proto + " for container " + ProjectContainers.name(c));
    }
    throw new ComposeException("service \"" + svc + "\" is not running");
  }
}
