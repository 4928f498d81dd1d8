package dev.berth.cli.command.image;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;

/** {@code berth tag SOURCE TARGET}: {@code POST /images/{source}/tag?repo=&tag=}. */
public final class TagCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        new Options(), 2, 2);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String[] rt = Images.repoTag(args.positional().get(1));
    ctx.client().post(Query.path(Images.path(args.positional().get(0)) + "/tag").param("repo", rt[0])
        .param("tag", rt[1] == null ? "latest" : rt[1]).build());
    return 0;
  }
}
