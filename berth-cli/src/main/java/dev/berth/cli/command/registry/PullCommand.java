package dev.berth.cli.command.registry;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.HttpRequest;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.ProgressPrinter;
import dev.berth.cli.command.Spec;
import java.io.PrintStream;

/**
 * {@code berth pull}: {@code POST /images/create?fromImage=&tag=} with the stored credentials of
 * the image's registry in {@code X-Registry-Auth}; prints the daemon's progress lines, then the
 * reference pulled, as docker does.
 */
public final class PullCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth pull [OPTIONS] NAME[:TAG|@DIGEST]", "Download an image from a registry", new Options()
        .bool('a', "all-tags", "Download all tagged images in the repository")
        .value("platform", "string", "Set platform if server is multi-platform capable")
        .bool('q', "quiet", "Suppress verbose output"), 1, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    if (args.bool("all-tags")) {
      throw new CliError("Error: pulling all tags (-a) is not supported by berth yet", 1);
    }
    String image = args.positional().get(0);
    String name = image;
    String tag = "";
    int at = image.indexOf('@');
    if (at >= 0) {
      name = image.substring(0, at);
      tag = image.substring(at + 1);
      int colon = name.lastIndexOf(':');
      if (colon > name.lastIndexOf('/')) {
        name = name.substring(0, colon); // a tag beside a digest: the digest decides, as docker's
      }
    } else {
      int colon = image.lastIndexOf(':');
      if (colon > image.lastIndexOf('/')) {
        name = image.substring(0, colon);
        tag = image.substring(colon + 1);
      } else {
        tag = "latest";
        if (!args.bool("quiet")) {
          ctx.out().println("Using default tag: latest");
        }
      }
    }
    pull(ctx, name, tag, args.value("platform"), args.bool("quiet") ? null : ctx.out());
    ctx.out().println(canonical(name) + (tag.startsWith("sha256:") ? "@" : ":") + tag);
    return 0;
  }

  /** Pulls with the registry's stored credentials, printing progress to {@code out} (null: silent). */
  public static void pull(Context ctx, String name, String tag, String platform, PrintStream out) throws Exception {
    String target = Query.path("/images/create").param("fromImage", name).param("tag", tag)
        .nonEmpty("platform", platform).build();
    HttpRequest req = new HttpRequest("POST", target)
        .header("X-Registry-Auth", new AuthStore(ctx.env()).header(AuthStore.registryOf(name)));
    try (HttpResponse r = ctx.client().call(req)) {
      ProgressPrinter.print(r, out == null ? new PrintStream(java.io.OutputStream.nullOutputStream()) : out);
    }
  }

  /** {@code docker.io/library/busybox} for {@code busybox}: the full name docker prints at the end. */
  static String canonical(String name) {
    String registry = AuthStore.registryOf(name);
    if (!registry.equals("docker.io")) {
      return name;
    }
    String path = name.startsWith("docker.io/") ? name.substring(10) : name;
    return "docker.io/" + (path.contains("/") ? path : "library/" + path);
  }
}
