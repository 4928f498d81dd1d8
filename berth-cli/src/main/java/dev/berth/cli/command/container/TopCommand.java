package dev.berth.cli.command.container;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.TabWriter;
import java.util.List;
import java.util.Map;

/** {@code berth top CONTAINER [ps OPTIONS]}: the daemon's ps table, tab-aligned as docker's. */
public final class TopCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth top CONTAINER [ps OPTIONS]", "Display the running processes of a container",
        new Options().stopAtFirstPositional(), 1, Spec.ANY);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    List<String> pos = args.positional();
    String psArgs = pos.size() > 1 ? String.join(" ", pos.subList(1, pos.size())) : null;
    Map<?, ?> top = (Map<?, ?>) ctx.client().getJson(Query.path(Containers.path(pos.get(0)) + "/top").nonEmpty("ps_args", psArgs).build());
    ctx.out().print(render(top));
    return 0;
  }

  static String render(Map<?, ?> top) {
    StringBuilder sb = new StringBuilder();
    if (top.get("Titles") instanceof List<?> titles) {
      sb.append(join(titles)).append('\n');
    }
    if (top.get("Processes") instanceof List<?> procs) {
      for (Object p : procs) {
        if (p instanceof List<?> row) {
          sb.append(join(row)).append('\n');
        }
      }
    }
    return new TabWriter(20, 3).write(sb.toString()).flush();
  }

  private static String join(List<?> l) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append('\t');
      }
      sb.append(l.get(i));
    }
    return sb.toString();
  }
}
