package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.compose.engine.Down;
import dev.berth.compose.load.ComposeException;
import dev.berth.compose.model.Project;

/** {@code compose down [-v] [--rmi local|all] [--remove-orphans] [-t N]}. */
final class DownCommand implements ComposeCommand {
  @Override
  public String usage() {
    return "down [OPTIONS] [SERVICES]";
  }

  @Override
  public String description() {
    return "Stop and remove containers, networks";
  }

  @Override
  public Options options() {
    return new Options()
        .bool("remove-orphans", "Remove containers for services not defined in the Compose file")
        .value("rmi", "string", "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")")
        .value('t', "timeout", "int", "Specify a shutdown timeout in seconds")
        .bool('v', "volumes", "Remove named volumes declared in the \"volumes\" section of the Compose file and anonymous volumes attached to containers");
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    String rmi = args.value("rmi");
    if (rmi != null && !rmi.equals("local") && !rmi.equals("all")) {
      throw new ComposeException("invalid value for --rmi: " + rmi);
    }
    Project project = ctx.projectIfAny();
    String name = project == null ? ctx.loadOptions().projectName() : project.name();
    Integer timeout = args.value("timeout") == null ? null : Integer.valueOf(args.value("timeout"));
    new Down(ctx.engine(), ctx.progress(args)).run(name, project, args.bool("volumes"), rmi, timeout);
    return 0;
  }
}
