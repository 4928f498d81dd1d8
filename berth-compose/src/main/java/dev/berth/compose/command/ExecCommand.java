package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.compose.engine.ProjectContainers;
import dev.berth.compose.load.ComposeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code compose exec [-T] [--index N] SERVICE COMMAND...}: the CLI's exec on the service's container. */
final class ExecCommand implements ComposeCommand {
  @Override
  public String usage() {
    return "exec [OPTIONS] SERVICE COMMAND [ARGS...]";
  }

  @Override
  public String description() {
    return "Execute a command in a running container";
  }

  @Override
  public Options options() {
    return new Options().stopAtFirstPositional()
        .bool('d', "detach", "Detached mode: Run command in the background")
        .list('e', "env", "stringArray", "Set environment variables")
        .value("index", "int", "Index of the container if service has multiple replicas")
        .bool('T', "no-TTY", "Disable pseudo-TTY allocation. By default docker compose exec allocates a TTY.")
        .bool("privileged", "Give extended privileges to the process")
        .value('u', "user", "string", "Run the command as this user")
        .value('w', "workdir", "string", "Path to workdir directory for this command")
        .bool('i', "interactive", "Keep STDIN open even if not attached");
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    List<String> pos = args.positional();
    if (pos.size() < 2) {
      throw new ComposeException("exec requires at least 2 arguments: SERVICE COMMAND");
    }
    String service = pos.get(0);
    String project = ctx.projectName();
    int index = args.value("index") == null ? 1 : Integer.parseInt(args.value("index"));
    String container = null;
    for (Map<String, Object> c : ProjectContainers.of(ctx.engine(), project, false)) {
      if (ProjectContainers.service(c).equals(service) && (ProjectContainers.number(c) == index || container == null)) {
        container = ProjectContainers.name(c);
        if (ProjectContainers.number(c) == index) {
          break;
        }
      }
    }
    if (container == null) {
      throw new ComposeException("service \"" + service + "\" is not running");
    }
    List<String> argv = new ArrayList<>(List.of("exec"));
    if (args.bool("detach")) {
      argv.add("-d");
    } else {
      argv.add("-i");
      if (!args.bool("no-TTY") && CliBridge.stdinIsTerminal()) {
        argv.add("-t");
      }
    }
    for (String e : args.list("env")) {
      argv.add("-e");
      argv.add(e);
    }
    if (args.value("user") != null) {
      argv.add("-u");
      argv.add(args.value("user"));
    }
    if (args.value("workdir") != null) {
      argv.add("-w");
      argv.add(args.value("workdir"));
    }
    if (args.bool("privileged")) {
      argv.add("--privileged");
    }
    argv.add(container);
    argv.addAll(pos.subList(1, pos.size()));
    return CliBridge.run(ctx, argv);
  }
}
