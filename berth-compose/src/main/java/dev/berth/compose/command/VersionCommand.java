package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.compose.Main;

/** {@code compose version}: Berth's compose, in compose v2's words. */
final class VersionCommand implements ComposeCommand {
  @Override
  public String usage() {
    return "version [OPTIONS]";
  }

  @Override
  public String description() {
    return "Show the Docker Compose version information";
  }

  @Override
  public Options options() {
    return new Options().value('f', "format", "string", "Format the output. Values: [pretty | json]")
        .bool("short", "Shows only Compose's version number");
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) {
    if (args.bool("short")) {
      ctx.out().println(Main.VERSION);
    } else if ("json".equals(args.value("format"))) {
      ctx.out().println("{\"version\":\"v" + Main.VERSION + "\"}");
    } else {
      ctx.out().println("Berth Compose version v" + Main.VERSION);
    }
    return 0;
  }
}
