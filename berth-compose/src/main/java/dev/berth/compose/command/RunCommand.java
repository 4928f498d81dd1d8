package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.compose.engine.OneOff;
import dev.berth.compose.engine.Up;
import dev.berth.compose.engine.UpOptions;
import dev.berth.compose.load.ComposeException;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code compose run [--rm] [-d] [--no-deps] [-e K=V] SERVICE [COMMAND...]}: the dependencies
 * brought up as {@code up} would, then a one-off container attached through the CLI's
 * {@code start -a}; its exit code is compose's.
 */
final class RunCommand implements ComposeCommand {
  @Override
  public String usage() {
    return "run [OPTIONS] SERVICE [COMMAND] [ARGS...]";
  }

  @Override
  public String description() {
    return "Run a one-off command on a service";
  }

  @Override
  public Options options() {
    return new Options().stopAtFirstPositional()
        .bool("build", "Build image before starting container")
        .bool('d', "detach", "Run container in background and print container ID")
        .value("entrypoint", "string", "Override the entrypoint of the image")
        .list('e', "env", "stringArray", "Set environment variables")
        .list('l', "label", "stringArray", "Add or override a label")
        .value("name", "string", "Assign a name to the container")
        .bool('T', "no-TTY", "Disable pseudo-TTY allocation (default: auto-detected)")
        .bool("no-deps", "Don't start linked services")
        .list('p', "publish", "stringArray", "Publish a container's port(s) to the host")
        .bool("quiet-pull", "Pull without printing progress information")
        .bool("remove-orphans", "Remove containers for services not defined in the Compose file")
        .bool("rm", "Automatically remove the container when it exits")
        .bool('P', "service-ports", "Run command with all service's ports enabled and mapped to the host")
        .value('u', "user", "string", "Run as specified username or uid")
        .value('w', "workdir", "string", "Working directory inside the container")
        .bool('i', "interactive", "Keep STDIN open even if not attached")
        .bool('q', "quiet", "Don't print anything to STDOUT");
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    List<String> pos = args.positional();
    if (pos.isEmpty()) {
      throw new ComposeException("run requires at least 1 argument: SERVICE");
    }
    String name = pos.get(0);
    Project project = ctx.project(List.of(name));
    Service svc = project.service(name);
    List<String> deps = svc.dependencies();
    var progress = ctx.progress(args);
    if (!args.bool("no-deps") && !deps.isEmpty()) {
      new Up(ctx.engine(), project, progress, UpOptions.defaults(), ctx.err()).run(deps);
    }
    String imageId = imageFor(ctx, project, svc, args.bool("build"));
    boolean tty = !args.bool("no-TTY") && CliBridge.stdinIsTerminal() && !args.bool("detach");
    boolean interactive = !args.bool("detach");
    OneOff.Overrides o = new OneOff.Overrides(new ArrayList<>(pos.subList(1, pos.size())), args.value("entrypoint"),
        args.list("env"), args.value("user"), args.value("workdir"), tty, interactive, args.bool("service-ports"),
        args.list("publish"), args.value("name"), args.list("label"));
    String[] created = new OneOff(ctx.engine(), project).create(svc, o, imageId);
    if (args.bool("detach")) {
      ctx.engine().start(created[0]);
      ctx.out().println(created[1]);
      return 0;
    }
    int code;
    try {
      code = CliBridge.run(ctx, List.of("start", "-a", "-i", created[0]));
    } finally {
      if (args.bool("rm")) {
        try {
          ctx.engine().remove(created[0], true);
        } catch (RuntimeException gone) {
          // already removed
        }
      }
    }
    return code;
  }

  private static String imageFor(ComposeContext ctx, Project project, Service svc, boolean build) throws Exception {
    var engine = ctx.engine();
    if (!svc.map("build").isEmpty() && (build || engine.inspectImage(svc.image()) == null)) {
      return new dev.berth.compose.engine.Builder(engine, project, ctx.progress(null), ctx.err()).build(svc);
    }
    return new dev.berth.compose.engine.Images(engine, ctx.progress(null)).ensure(svc.name(), svc.image(), false);
  }
}
