package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.JsonStream;
import dev.berth.cli.client.Query;
import dev.berth.cli.json.Json;
import dev.berth.compose.engine.Progress;
import dev.berth.compose.load.ComposeException;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.util.Map;

/** {@code compose push [SERVICE...]}: the images of services that build one, to their registries. */
final class PushCommand implements ComposeCommand {
  @Override
  public String usage() {
    return "push [OPTIONS] [SERVICE...]";
  }

  @Override
  public String description() {
    return "Push service images";
  }

  @Override
  public Options options() {
    return new Options().bool("ignore-push-failures", "Push what it can and ignores images with push failures")
        .bool('q', "quiet", "Push without printing progress information").bool("include-deps", "Also push images of services declared as dependencies");
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    Project project = ctx.project(args.positional());
    Progress progress = ctx.progress(args);
    for (Service s : project.services()) {
      if (!args.positional().isEmpty() && !args.positional().contains(s.name()) || s.map("build").isEmpty()) {
        continue;
      }
      String image = s.image();
      String repo = image;
      String tag = "latest";
      int colon = image.lastIndexOf(':');
      if (colon > image.lastIndexOf('/')) {
        repo = image.substring(0, colon);
        tag = image.substring(colon + 1);
      }
      progress.working("Image", image, "Pushing");
      String auth = java.util.Base64.getUrlEncoder().encodeToString("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      try (HttpResponse r = ctx.engine().client().call(new dev.berth.cli.client.HttpRequest("POST",
          Query.path("/images/" + repo + "/push").param("tag", tag).build()).header("X-Registry-Auth", auth))) {
        JsonStream js = new JsonStream(r.body());
        String line;
        while ((line = js.next()) != null) {
          if (Json.parse(line) instanceof Map<?, ?> m && m.get("error") != null) {
            progress.failed("Image", image, "Error");
            if (!args.bool("ignore-push-failures")) {
              throw new ComposeException(String.valueOf(m.get("error")));
            }
          }
        }
      }
      progress.done("Image", image, "Pushed");
    }
    return 0;
  }
}
