package dev.berth.cli.command.files;

import dev.berth.cli.json.Json;
import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.Human;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * {@code berth cp}: files between a container and the local file system, with docker's naming
 * rules. Into a directory the source keeps its name; onto a missing path it takes that name;
 * {@code dir/.} copies a directory's content; {@code -} is a tar on stdin or stdout.
 */
public final class CpCommand implements Command {
  private static final long GO_DIR = 1L << 31;

  @Override
  public Spec spec() {
    return new Spec("""
        berth cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-
                berth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH""",
        "Copy files/folders between a container and the local filesystem", new Options()
            .bool('a', "archive", "Archive mode (copy all uid/gid information)")
            .bool('L', "follow-link", "Always follow symbol link in SRC_PATH")
            .bool('q', "quiet", "Suppress progress output during copy"), 2, 2);
  }

  /** A path argument: a container and its path, or a local path (container null). */
  record Target(String container, String path) {
    static Target parse(String arg) {
      if (arg.startsWith("/") || arg.startsWith(".")) {
        return new Target(null, arg);
      }
      int colon = arg.indexOf(':');
      if (colon <= 0) {
        return new Target(null, arg);
      }
      return new Target(arg.substring(0, colon), arg.substring(colon + 1));
    }

    @Override
    public String toString() {
      return container == null ? path : container + ":" + path;
    }
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    Target src = Target.parse(args.positional().get(0));
    Target dst = Target.parse(args.positional().get(1));
    if (src.container() != null && dst.container() != null) {
      throw new CliError("copying between containers is not supported", 1);
    }
    if (src.container() == null && dst.container() == null) {
      throw new CliError("must specify at least one container source", 1);
    }
    long bytes;
    try {
      bytes = src.container() != null ? fromContainer(ctx, src, dst.path(), args.bool("follow-link"))
          : toContainer(ctx, src.path(), dst, args.bool("archive"), args.bool("follow-link"));
    } catch (DaemonException e) {
      throw new CliError("Error response from daemon: " + e.getMessage(), 1);
    }
    boolean toStdout = src.container() != null && dst.path().equals("-");
    if (!args.bool("quiet") && !toStdout && bytes >= 0) {
      ctx.err().println("Successfully copied " + Human.size(bytes) + " to " + dst);
    }
    return 0;
  }

  // ---- container to local

  private long fromContainer(Context ctx, Target src, String dst, boolean follow) throws IOException {
    String path = src.path();
    Map<?, ?> stat = stat(ctx, src.container(), path);
    String rename = null;
    if (follow && stat.get("linkTarget") instanceof String link && !link.isEmpty()) {
      rename = String.valueOf(stat.get("name"));
      path = link;
      stat = stat(ctx, src.container(), path);
    }
    String target = Query.path("/containers/" + Query.segment(src.container()) + "/archive").param("path", path).build();
    try (HttpResponse r = ctx.client().open("GET", target)) {
      if (dst.equals("-")) {
        r.body().transferTo(ctx.out());
        ctx.out().flush();
        return -1;
      }
      String top = path.endsWith("/.") ? "." : String.valueOf(stat.get("name"));
      String from = rename != null ? String.valueOf(stat.get("name")) : top;
      boolean srcIsDir = (((Number) stat.get("mode")).longValue() & GO_DIR) != 0;
      Path local = Path.of(dst);
      if (Files.isDirectory(local)) {
        if (path.endsWith("/.")) {
          return LocalTar.unpack(r.body(), local, ".", null);
        }
        return LocalTar.unpack(r.body(), local, from, rename);
      }
      if (Files.exists(local)) {
        if (srcIsDir) {
          throw new CliError("cannot copy a directory to a file: " + dst, 1);
        }
      } else if (dst.endsWith("/")) {
        throw new CliError("destination directory \"" + dst + "\" does not exist", 1);
      }
      Path parent = local.toAbsolutePath().getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        throw new CliError("no such directory: " + (parent == null ? dst : parent), 1);
      }
      return LocalTar.unpack(r.body(), parent, from, local.getFileName().toString());
    }
  }

  // ---- local to container

  private long toContainer(Context ctx, String src, Target dst, boolean archive, boolean follow) throws Exception {
    String base = "/containers/" + Query.segment(dst.container()) + "/archive";
    if (src.equals("-")) {
      put(ctx, base, dst.path(), ctx.in(), archive);
      return -1;
    }
    Path local = Path.of(src);
    if (follow) {
      local = local.toRealPath();
    }
    if (!Files.exists(local, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new CliError("stat " + src + ": no such file or directory", 1);
    }
    boolean contentOnly = src.endsWith("/.");
    String name = contentOnly ? "." : local.toAbsolutePath().normalize().getFileName().toString();
    String dir = dst.path();
    Map<?, ?> stat = null;
    try {
      stat = stat(ctx, dst.container(), dst.path());
    } catch (DaemonException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
    if (stat != null && (((Number) stat.get("mode")).longValue() & GO_DIR) != 0) {
      // into an existing directory, keeping the source's name
    } else if (stat != null) {
      if (Files.isDirectory(local)) {
        throw new CliError("cannot copy directory to file: " + dst, 1);
      }
      dir = parentOf(dst.path());
      name = baseOf(dst.path());
    } else {
      if (dst.path().endsWith("/")) {
        throw new CliError("destination \"" + dst + "\" must be a directory", 1);
      }
      dir = parentOf(dst.path());
      name = baseOf(dst.path());
    }
    PipedInputStream in = new PipedInputStream(1 << 16);
    PipedOutputStream out = new PipedOutputStream(in);
    long[] bytes = {0};
    IOException[] failure = {null};
    Path from = local;
    String top = name;
    Thread packer = Thread.ofPlatform().daemon().start(() -> {
      try (out) {
        bytes[0] = LocalTar.pack(from, top, out);
      } catch (IOException e) {
        failure[0] = e;
      }
    });
    put(ctx, base, dir, in, archive);
    packer.join();
    if (failure[0] != null) {
      throw failure[0];
    }
    return bytes[0];
  }

  private static void put(Context ctx, String base, String dir, InputStream tar, boolean archive) throws IOException {
    String target = Query.path(base).param("path", dir).param("noOverwriteDirNonDir", "true")
        .param("copyUIDGID", archive ? "true" : null).build();
    try (HttpResponse r = ctx.client().call(new dev.berth.cli.client.HttpRequest("PUT", target)
        .stream(tar, -1, "application/x-tar"))) {
      r.bytes();
    }
  }

  private static Map<?, ?> stat(Context ctx, String container, String path) throws IOException {
    String target = Query.path("/containers/" + Query.segment(container) + "/archive").param("path", path).build();
    try (HttpResponse r = ctx.client().open("HEAD", target)) {
      String header = r.header("X-Docker-Container-Path-Stat");
      if (header == null) {
        throw new IOException("the daemon sent no path stat for " + path);
      }
      return (Map<?, ?>) Json.parse(new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8));
    }
  }

  private static String parentOf(String path) {
    String p = path.replaceAll("/+$", "");
    int slash = p.lastIndexOf('/');
    return slash <= 0 ? "/" : p.substring(0, slash);
  }

  private static String baseOf(String path) {
    String p = path.replaceAll("/+$", "");
    return p.substring(p.lastIndexOf('/') + 1);
  }
}
