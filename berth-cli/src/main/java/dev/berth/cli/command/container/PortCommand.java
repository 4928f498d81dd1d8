package dev.berth.cli.command.container;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code berth port CONTAINER [PRIVATE_PORT[/PROTO]]}: the container's published ports, one
 * {@code 80/tcp -> 0.0.0.0:8080} line each, from NetworkSettings.Ports in inspect, as docker does.
 */
public final class PortCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth port CONTAINER [PRIVATE_PORT[/PROTO]]", "List port mappings or a specific mapping for the container",
        new Options(), 1, 2);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    List<String> pos = args.positional();
    Map<?, ?> inspect = (Map<?, ?>) ctx.client().getJson(Query.path(Containers.path(pos.get(0)) + "/json").build());
    Map<?, ?> settings = inspect.get("NetworkSettings") instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> ports = settings.get("Ports") instanceof Map<?, ?> m ? m : Map.of();
    String wanted = pos.size() > 1 ? (pos.get(1).contains("/") ? pos.get(1) : pos.get(1) + "/tcp") : null;
    List<String> lines = new ArrayList<>();
    for (Map.Entry<?, ?> e : new TreeMap<>(ports).entrySet()) {
      String key = String.valueOf(e.getKey());
      if (wanted != null && !wanted.equals(key) || !(e.getValue() instanceof List<?> bindings)) {
        continue;
      }
      for (Object b : bindings) {
        if (b instanceof Map<?, ?> binding) {
          String hostIp = String.valueOf(binding.get("HostIp"));
          String address = (hostIp.isEmpty() ? "0.0.0.0" : hostIp) + ":" + binding.get("HostPort");
          lines.add(wanted != null ? address : key + " -> " + address);
        }
      }
    }
    if (wanted != null && lines.isEmpty()) {
      ctx.err().println("Error: No public port '" + wanted + "' published for " + pos.get(0));
      return 1;
    }
    lines.forEach(ctx.out()::println);
    return 0;
  }
}
