package dev.berth.cli.command.files;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.util.Map;

/** {@code berth commit}: {@code POST /commit}, printing the new image's ID. */
public final class CommitCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
        "Create a new image from a container's changes", new Options()
            .value('a', "author", "string", "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")")
            .list('c', "change", "list", "Apply Dockerfile instruction to the created image")
            .value('m', "message", "string", "Commit message")
            .bool('p', "pause", "Pause container during commit (default true)"), 1, 2);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    Query q = Query.path("/commit").param("container", args.positional().get(0));
    if (args.positional().size() > 1) {
      String ref = args.positional().get(1);
      int slash = ref.lastIndexOf('/');
      int colon = ref.lastIndexOf(':');
      if (colon > slash) {
        q.param("repo", ref.substring(0, colon)).param("tag", ref.substring(colon + 1));
      } else {
        q.param("repo", ref);
      }
    }
    q.param("author", args.value("author")).param("comment", args.value("message"))
        .param("pause", args.has("pause") && !args.bool("pause") ? "false" : null);
    for (String c : args.list("change")) {
      q.param("changes", c);
    }
    Map<?, ?> r = (Map<?, ?>) ctx.client().postJson(q.build(), Map.of());
    ctx.out().println(r.get("Id"));
    return 0;
  }
}
