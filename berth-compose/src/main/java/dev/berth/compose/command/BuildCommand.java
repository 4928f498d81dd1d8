package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.compose.engine.Builder;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;

/** {@code compose build [SERVICE...]}: each service with a {@code build} section, through {@code POST /build}. */
final class BuildCommand implements ComposeCommand {
  @Override
  public String usage() {
    return "build [OPTIONS] [SERVICE...]";
  }

  @Override
  public String description() {
    return "Build or rebuild services";
  }

  @Override
  public Options options() {
    return new Options().bool("no-cache", "Do not use cache when building the image").bool("pull", "Always attempt to pull a newer version of the image")
        .bool('q', "quiet", "Don't print anything to STDOUT").list("build-arg", "stringArray", "Set build-time variables for services");
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    Project project = ctx.project(args.positional());
    Builder builder = new Builder(ctx.engine(), project, ctx.progress(args), ctx.err());
    for (Service s : project.services()) {
      if ((args.positional().isEmpty() || args.positional().contains(s.name())) && !s.map("build").isEmpty()) {
        builder.build(s);
      }
    }
    return 0;
  }
}
