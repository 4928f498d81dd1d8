package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.compose.engine.Progress;
import dev.berth.compose.engine.Up;
import dev.berth.compose.engine.UpOptions;
import dev.berth.compose.load.ComposeException;
import dev.berth.compose.model.Project;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code compose up} (and {@code create}, which stops before starting): converges the project,
 * then, unless {@code -d}, streams every container's log with its prefix until the containers
 * exit or Ctrl-C stops them.
 */
final class UpCommand implements ComposeCommand {
  private final boolean create;

  UpCommand() {
    this(false);
  }

  private UpCommand(boolean create) {
    this.create = create;
  }

  static UpCommand create() {
    return new UpCommand(true);
  }

  @Override
  public String usage() {
    return create ? "create [OPTIONS] [SERVICE...]" : "up [OPTIONS] [SERVICE...]";
  }

  @Override
  public String description() {
    return create ? "Creates containers for a service" : "Create and start containers";
  }

  @Override
  public Options options() {
    Options o = new Options()
        .bool("build", "Build images before starting containers")
        .bool("force-recreate", "Recreate containers even if their configuration and image haven't changed")
        .bool("no-recreate", "If containers already exist, don't recreate them. Incompatible with --force-recreate.")
        .bool("no-build", "Don't build an image, even if it's policy")
        .value("pull", "string", "Pull image before running (\"always\"|\"missing\"|\"never\")")
        .bool("remove-orphans", "Remove containers for services not defined in the Compose file")
        .list("scale", "scale", "Scale SERVICE to NUM instances. Overrides the scale setting in the Compose file if present.")
        .bool('y', "yes", "Assume \"yes\" as answer to all prompts and run non-interactively");
    if (!create) {
      o.bool('d', "detach", "Detached mode: Run containers in the background")
          .bool("wait", "Wait for services to be running|healthy. Implies detached mode.")
          .value("wait-timeout", "int", "Maximum duration in seconds to wait for the project to be running|healthy")
          .bool("no-deps", "Don't start linked services")
          .bool("abort-on-container-exit", "Stops all containers if any container was stopped. Incompatible with -d")
          .value("exit-code-from", "string", "Return the exit code of the selected service container. Implies --abort-on-container-exit")
          .bool("no-color", "Produce monochrome output")
          .bool("no-log-prefix", "Don't print prefix in logs")
          .bool("no-start", "Don't start the services after creating them")
          .bool('V', "renew-anon-volumes", "Recreate anonymous volumes instead of retrieving data from the previous containers")
          .value('t', "timeout", "int", "Use this timeout in seconds for container shutdown when attached or when containers are already running")
          .list("attach", "stringArray", "Restrict attaching to the specified services. Incompatible with --attach-dependencies.")
          .bool("attach-dependencies", "Automatically attach to log output of dependent services")
          .bool("quiet-pull", "Pull without printing progress information");
    }
    return o;
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    Map<String, Integer> scale = new HashMap<>();
    for (String s : args.list("scale")) {
      int eq = s.indexOf('=');
      try {
        scale.put(s.substring(0, eq), Integer.parseInt(s.substring(eq + 1)));
      } catch (RuntimeException e) {
        throw new ComposeException("invalid --scale value \"" + s + "\": expected SERVICE=NUM");
      }
    }
    if (args.bool("force-recreate") && args.bool("no-recreate")) {
      throw new ComposeException("--force-recreate and --no-recreate are incompatible");
    }
    String exitFrom = args.value("exit-code-from");
    boolean detach = args.bool("detach") || args.bool("wait");
    if (detach && (exitFrom != null || args.bool("abort-on-container-exit"))) {
      throw new ComposeException("--abort-on-container-exit and -d cannot be combined.");
    }
    List<String> services = args.positional();
    Project project = ctx.project(services);
    for (String s : scale.keySet()) {
      if (project.service(s) == null) {
        throw new ComposeException("no such service: " + s);
      }
    }
    if (exitFrom != null && project.service(exitFrom) == null) {
      throw new ComposeException("no such service: " + exitFrom);
    }
    long waitTimeout = args.value("wait-timeout") == null ? 0 : Long.parseLong(args.value("wait-timeout"));
    UpOptions opts = new UpOptions(args.bool("force-recreate"), args.bool("no-recreate"), args.bool("remove-orphans"), scale,
        args.bool("build") && !args.bool("no-build"), args.value("pull"), args.bool("wait"), waitTimeout,
        !create && !args.bool("no-start"), args.bool("no-deps"), args.bool("renew-anon-volumes"));
    Progress progress = ctx.progress(args);
    long started = System.currentTimeMillis();
    List<String> converged = new Up(ctx.engine(), project, progress, opts, ctx.err()).run(services);
    if (create || detach || args.bool("no-start")) {
      return 0;
    }
    List<String> attach = args.list("attach").isEmpty() ? (services.isEmpty() ? converged : services) : args.list("attach");
    return new Attached(ctx, project, attach, exitFrom, args.bool("abort-on-container-exit") || exitFrom != null,
        !args.bool("no-color") && ctx.ttyOut(), !args.bool("no-log-prefix")).since(started).run();
  }
}
