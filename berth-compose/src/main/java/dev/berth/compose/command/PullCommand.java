package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.compose.engine.Images;
import dev.berth.compose.engine.Progress;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;

/** {@code compose pull [SERVICE...]}: every service's image (those with only a build are skipped). */
final class PullCommand implements ComposeCommand {
  @Override
  public String usage() {
    return "pull [OPTIONS] [SERVICE...]";
  }

  @Override
  public String description() {
    return "Pull service images";
  }

  @Override
  public Options options() {
    return new Options().bool("ignore-buildable", "Ignore images that can be built").bool("ignore-pull-failures",
        "Pull what it can and ignores images with pull failures").bool('q', "quiet", "Pull without printing progress information")
        .bool("include-deps", "Also pull services declared as dependencies");
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    Project project = ctx.project(args.positional());
    Progress progress = ctx.progress(args);
    Images images = new Images(ctx.engine(), progress);
    for (Service s : project.services()) {
      if (!args.positional().isEmpty() && !args.positional().contains(s.name())) {
        continue;
      }
      boolean built = !s.map("build").isEmpty();
      if (built && (args.bool("ignore-buildable") || !s.spec().containsKey("image")
          || s.image().equals(project.name() + "-" + s.name()))) {
        continue;
      }
      try {
        images.pull(s.name(), s.image());
      } catch (RuntimeException e) {
        if (!args.bool("ignore-pull-failures")) {
          throw e;
        }
        ctx.err().println("WARN[0000] " + e.getMessage());
      }
    }
    return 0;
  }
}
