package dev.berth.cli.command.files;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.util.List;
import java.util.Map;

/** {@code berth diff}: the container's changes to its image, one {@code A|C|D path} per line. */
public final class DiffCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth diff CONTAINER", "Inspect changes to files or directories on a container's filesystem",
        new Options(), 1, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    Object changes = ctx.client().getJson("/containers/" + Query.segment(args.positional().get(0)) + "/changes");
    StringBuilder sb = new StringBuilder();
    if (changes instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m) {
          int kind = ((Number) m.get("Kind")).intValue();
          sb.append(kind == 1 ? 'A' : kind == 2 ? 'D' : 'C').append(' ').append(m.get("Path")).append('\n');
        }
      }
    }
    ctx.out().print(sb);
    return 0;
  }
}
