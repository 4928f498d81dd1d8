package dev.berth.cli.command.network;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth network connect NETWORK CONTAINER}: {@code POST /networks/{id}/connect} with the
 * endpoint settings docker's CLI sends (aliases, static addresses, links, driver options).
 */
public final class NetworkConnectCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth network connect [OPTIONS] NETWORK CONTAINER", "Connect a container to a network", new Options()
        .list("alias", "strings", "Add network-scoped alias for the container")
        .list("driver-opt", "strings", "driver options for the network")
        .value("gw-priority", "int", "Highest gw-priority provides the default gateway. Accepts positive and negative values.")
        .value("ip", "string", "IPv4 address (e.g., \"172.30.100.104\")")
        .value("ip6", "string", "IPv6 address (e.g., \"2001:db8::33\")")
        .list("link", "list", "Add link to another container")
        .list("link-local-ip", "strings", "Add a link-local address for the container"), 2, 2);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    List<String> pos = args.positional();
    ctx.client().postJson(Networks.path(pos.get(0)) + "/connect", body(args));
    return 0;
  }

  static Map<String, Object> body(ParsedArgs a) {
    Map<String, Object> ipam = new LinkedHashMap<>();
    ipam.put("IPv4Address", ip(a, "ip"));
    ipam.put("IPv6Address", ip(a, "ip6"));
    List<String> linkLocal = strings(a.list("link-local-ip"));
    if (!linkLocal.isEmpty()) {
      ipam.put("LinkLocalIPs", linkLocal);
    }
    Map<String, Object> ep = new LinkedHashMap<>();
    ep.put("IPAMConfig", ipam);
    ep.put("Links", a.list("link").isEmpty() ? null : a.list("link"));
    List<String> aliases = strings(a.list("alias"));
    ep.put("Aliases", aliases.isEmpty() ? null : aliases);
    List<String> driverOpts = strings(a.list("driver-opt"));
    ep.put("DriverOpts", driverOpts.isEmpty() ? null : Networks.keyValues(driverOpts));
    ep.put("GwPriority", a.longValue("gw-priority", 0));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Container", a.positional().get(1));
    body.put("EndpointConfig", ep);
    return body;
  }

  private static String ip(ParsedArgs a, String flag) {
    String v = a.value(flag, "");
    if (v.isEmpty()) {
      return "";
    }
    byte[] b = Networks.parseIp(v);
    if (b == null) {
      throw new UsageException("invalid argument \"" + v + "\" for \"--" + flag + "\" flag: invalid string being converted to IP address: " + v);
    }
    return Networks.format(b);
  }

  /** pflag's string-slice flags: repeats and comma-separated values. */
  private static List<String> strings(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      for (String p : v.split(",")) {
        if (!p.isEmpty()) {
          out.add(p);
        }
      }
    }
    return out;
  }
}
