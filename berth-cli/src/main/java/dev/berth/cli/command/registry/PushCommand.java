package dev.berth.cli.command.registry;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.HttpRequest;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.ProgressPrinter;
import dev.berth.cli.command.Spec;
import java.io.PrintStream;

/** {@code berth push}: {@code POST /images/{name}/push?tag=} with the registry's stored credentials. */
public final class PushCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth push [OPTIONS] NAME[:TAG]", "Upload an image to a registry", new Options()
        .bool('a', "all-tags", "Push all tags of an image to the repository")
        .bool('q', "quiet", "Suppress verbose output"), 1, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String image = args.positional().get(0);
    String name = image;
    String tag = "";
    int colon = image.lastIndexOf(':');
    if (colon > image.lastIndexOf('/')) {
      name = image.substring(0, colon);
      tag = image.substring(colon + 1);
    } else if (!args.bool("all-tags")) {
      tag = "latest";
      ctx.out().println("Using default tag: latest");
    }
    if (args.bool("all-tags") && !tag.isEmpty()) {
      throw new dev.berth.cli.command.CliError("Error: tag can't be used with --all-tags/-a", 1);
    }
    String target = Query.path("/images/" + Query.segment(name) + "/push").param("tag", tag).build();
    HttpRequest req = new HttpRequest("POST", target)
        .header("X-Registry-Auth", new AuthStore(ctx.env()).header(AuthStore.registryOf(name)));
    PrintStream out = args.bool("quiet") ? new PrintStream(java.io.OutputStream.nullOutputStream()) : ctx.out();
    try (HttpResponse r = ctx.client().call(req)) {
      ProgressPrinter.print(r, out);
    }
    if (args.bool("quiet")) {
      ctx.out().println(image);
    }
    return 0;
  }
}
