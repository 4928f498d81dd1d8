package dev.berth.cli.command.image;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.ProgressPrinter;
import dev.berth.cli.command.Spec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code berth import file|- [REPOSITORY[:TAG]]}: streams the tar to
 * {@code POST /images/create?fromSrc=-} with repo, tag, changes and message, and prints the new
 * image ID the daemon reports.
 */
public final class ImportCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
        "Import the contents from a tarball to create a filesystem image", new Options()
            .list('c', "change", "list", "Apply Dockerfile instruction to the created image")
            .value('m', "message", "string", "Set commit message for imported image")
            .value("platform", "string", "Set platform if server is multi-platform capable"), 1, 2);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String src = args.positional().get(0);
    Query q = Query.path("/images/create").param("fromSrc", src.equals("-") || !isUrl(src) ? "-" : src);
    if (args.positional().size() > 1) {
      String[] rt = Images.repoTag(args.positional().get(1));
      q.param("repo", rt[0]).param("tag", rt[1]);
    }
    q.nonEmpty("message", args.value("message")).nonEmpty("platform", args.value("platform"));
    for (String c : args.list("change")) {
      q.param("changes", c);
    }
    InputStream in;
    long length = -1;
    if (src.equals("-")) {
      in = ctx.in();
    } else if (isUrl(src)) {
      in = InputStream.nullInputStream();
      length = 0;
    } else {
      Path p = Path.of(src);
      try {
        length = Files.size(p);
        in = Files.newInputStream(p);
      } catch (NoSuchFileException e) {
        throw new CliError("Error: open " + src + ": no such file or directory", 1);
      }
    }
    try (in; HttpResponse r = ctx.client().upload(q.build(), in, length, "application/x-tar")) {
      ProgressPrinter.print(r, ctx.out());
    }
    return 0;
  }

  private static boolean isUrl(String s) {
    return s.startsWith("http://") || s.startsWith("https://");
  }
}
