package dev.berth.cli.command.build;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.HttpRequest;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.JsonStream;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.command.network.Networks;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth build}: sends the context (less what .dockerignore excludes) to {@code POST /build}
 * as it is packed, and prints the daemon's step-by-step output as it comes.
 */
public final class BuildCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth build [OPTIONS] PATH | -", "Build an image from a Dockerfile", new Options()
        .list('t', "tag", "list", "Name and optionally a tag in the \"name:tag\" format")
        .value('f', "file", "string", "Name of the Dockerfile (Default is \"PATH/Dockerfile\")")
        .list("build-arg", "list", "Set build-time variables")
        .value("target", "string", "Set the target build stage to build.")
        .bool("no-cache", "Do not use cache when building the image")
        .bool("pull", "Always attempt to pull a newer version of the image")
        .list("label", "list", "Set metadata for an image")
        .bool('q', "quiet", "Suppress the build output and print image ID on success")
        .value("iidfile", "string", "Write the image ID to the file")
        .value("network", "string", "Set the networking mode for the RUN instructions during build")
        .value("platform", "string", "Set platform if server is multi-platform capable")
        .bool("rm", "Remove intermediate containers after a successful build (default true)")
        .bool("force-rm", "Always remove intermediate containers")
        .bool("sbom", "Attach an SBOM (CycloneDX) to the image, in its dev.berth.sbom label"), 1, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String path = args.positional().get(0);
    String file = args.value("file");
    byte[] extra = null;
    String dockerfileName;
    Path dir;
    byte[] stdinTar = null;
    if (path.equals("-")) {
      // stdin holds either a context tar or a Dockerfile alone (then the context is empty)
      byte[] in = ctx.in().readAllBytes();
      if (in.length > 262 && new String(in, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar")) {
        stdinTar = in;
        extra = null;
      } else {
        extra = in;
      }
      dir = null;
      dockerfileName = file == null || file.isEmpty() ? "Dockerfile" : file;
    } else if (path.startsWith("http://") || path.startsWith("https://") || path.startsWith("git@")) {
      throw new CliError("ERROR: remote build contexts are not supported by Berth yet: " + path, 1);
    } else {
      dir = Path.of(path).toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        throw new CliError("unable to prepare context: path \"" + path + "\" not found", 1);
      }
      if (file == null || file.isEmpty()) {
        dockerfileName = "Dockerfile";
        if (!Files.isRegularFile(dir.resolve(dockerfileName))) {
          throw new CliError("unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat "
              + dir.resolve(dockerfileName) + ": no such file or directory", 1);
        }
      } else if (file.equals("-")) {
        extra = ctx.in().readAllBytes();
        dockerfileName = ".dockerfile." + Long.toHexString(System.nanoTime());
      } else {
        Path df = Path.of(file).toAbsolutePath().normalize();
        if (!Files.isRegularFile(df)) {
          throw new CliError("unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat "
              + df + ": no such file or directory", 1);
        }
        if (df.startsWith(dir)) {
          dockerfileName = dir.relativize(df).toString();
        } else {
          extra = Files.readAllBytes(df);
          dockerfileName = ".dockerfile." + Long.toHexString(System.nanoTime());
        }
      }
    }
    Query q = Query.path("/build");
    for (String t : args.list("tag")) {
      q.param("t", t);
    }
    q.param("dockerfile", dockerfileName)
        .param("buildargs", Json.write(buildArgs(args.list("build-arg"), ctx.env())))
        .param("labels", Json.write(Networks.keyValues(args.list("label"))))
        .param("target", args.value("target"))
        .param("nocache", args.bool("no-cache") ? "1" : null)
        .param("pull", args.bool("pull") ? "1" : null)
        .param("q", args.bool("quiet") ? "1" : null)
        .param("networkmode", args.value("network"))
        .param("platform", args.value("platform"))
        .param("rm", "1")
        .param("forcerm", args.bool("force-rm") ? "1" : null);
    PipedInputStream body = new PipedInputStream(1 << 16);
    PipedOutputStream sink = new PipedOutputStream(body);
    IOException[] failure = {null};
    Path contextDir = dir;
    byte[] extraDockerfile = extra;
    byte[] rawTar = stdinTar;
    String extraName = dockerfileName;
    String inContext = extra == null ? dockerfileName : "Dockerfile";
    Thread packer = Thread.ofPlatform().daemon().start(() -> {
      try (sink) {
        if (rawTar != null) {
          sink.write(rawTar);
        } else {
          ContextArchive.write(contextDir, inContext, extraDockerfile, extraName, sink);
        }
      } catch (IOException e) {
        failure[0] = e;
      }
    });
    String id = null;
    try (HttpResponse r = ctx.client().call(new HttpRequest("POST", q.build())
        .stream(body, -1, "application/x-tar"))) {
      id = printStream(ctx, r.body(), args.bool("quiet"));
    }
    packer.join();
    if (failure[0] != null) {
      throw new CliError("error sending the build context: " + failure[0].getMessage(), 1);
    }
    if (id == null) {
      return 1;
    }
    if (args.bool("sbom")) {
      Object attached = ctx.client().postJson("/berth/v1/images/" + id + "/sbom/attach", null);
      id = String.valueOf(((Map<?, ?>) attached).get("Id"));
      if (!args.bool("quiet")) {
        ctx.out().println("Attached SBOM: " + id);
      }
    }
    if (args.bool("quiet")) {
      ctx.out().println(id);
    }
    String iidfile = args.value("iidfile");
    if (iidfile != null && !iidfile.isEmpty()) {
      Files.writeString(Path.of(iidfile), id);
    }
    return 0;
  }

  /** Prints the messages; returns the image ID, or null after printing an error. */
  private static String printStream(Context ctx, InputStream in, boolean quiet) throws IOException {
    JsonStream stream = new JsonStream(in);
    String id = null;
    String text;
    while ((text = stream.next()) != null) {
      if (!(Json.parse(text) instanceof Map<?, ?> m)) {
        continue;
      }
      if (m.get("error") != null || m.get("errorDetail") instanceof Map<?, ?>) {
        Object msg = m.get("error") != null ? m.get("error") : ((Map<?, ?>) m.get("errorDetail")).get("message");
        ctx.out().flush();
        ctx.err().println(msg);
        return null;
      }
      if (m.get("stream") instanceof String s && !quiet) {
        ctx.out().print(s);
        ctx.out().flush();
      }
      if (m.get("aux") instanceof Map<?, ?> aux && aux.get("ID") instanceof String s) {
        id = s;
      }
    }
    return id;
  }

  /** {@code --build-arg K=V}, or a bare {@code K} taking its value from the environment (dropped if unset). */
  static Map<String, Object> buildArgs(List<String> words, Map<String, String> env) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq > 0) {
        out.put(w.substring(0, eq), w.substring(eq + 1));
      } else if (env.containsKey(w)) {
        out.put(w, env.get(w));
      }
    }
    return out;
  }
}
