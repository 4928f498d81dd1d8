package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.Query;
import dev.berth.compose.engine.LogPrinter;
import dev.berth.compose.engine.ProjectContainers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code compose logs [-f] [--tail N] [-t] [SERVICE...]}: the project's containers found by label. */
final class LogsCommand implements ComposeCommand {
  @Override
  public String usage() {
    return "logs [OPTIONS] [SERVICE...]";
  }

  @Override
  public String description() {
    return "View output from containers";
  }

  @Override
  public Options options() {
    return new Options()
        .bool('f', "follow", "Follow log output")
        .value('n', "tail", "string", "Number of lines to show from the end of the logs for each container")
        .bool('t', "timestamps", "Show timestamps")
        .value("since", "string", "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
        .value("until", "string", "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
        .bool("no-color", "Produce monochrome output")
        .bool("no-log-prefix", "Don't print prefix in logs")
        .value("index", "int", "index of the container if service has multiple replicas");
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    String project = ctx.projectName();
    List<String> services = args.positional();
    LogPrinter printer = new LogPrinter(ctx.engine(), ctx.out(), !args.bool("no-color") && ctx.ttyOut(),
        !args.bool("no-log-prefix"));
    List<Map<String, Object>> chosen = new ArrayList<>();
    for (Map<String, Object> c : ProjectContainers.of(ctx.engine(), project, true)) {
      if (services.isEmpty() || services.contains(ProjectContainers.service(c))) {
        chosen.add(c);
      }
    }
    List<String> names = new ArrayList<>();
    for (Map<String, Object> c : chosen) {
      names.add(LogPrinter.displayName(c, project));
    }
    printer.widen(names);
    String q = Query.path("").flag("follow", args.bool("follow")).flag("timestamps", args.bool("timestamps"))
        .param("tail", args.value("tail", "all")).nonEmpty("since", args.value("since")).nonEmpty("until", args.value("until"))
        .build().replaceFirst("^\\?", "&");
    for (int i = 0; i < chosen.size(); i++) {
      Map<String, Object> c = chosen.get(i);
      boolean tty = Boolean.TRUE.equals(ctx.engine().inspectContainer(ProjectContainers.id(c)).get("Config") instanceof Map<?, ?> cfg
          ? cfg.get("Tty") : null);
      printer.follow(ProjectContainers.id(c), names.get(i), tty, q);
    }
    printer.join();
    return 0;
  }
}
