package dev.berth.compose.engine;

import dev.berth.cli.client.DaemonException;
import dev.berth.cli.client.HttpRequest;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.JsonStream;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.build.ContextArchive;
import dev.berth.cli.json.Json;
import dev.berth.compose.load.ComposeException;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's {@code build} through the classic {@code POST /build}: the context sent as a tar
 * (honouring .dockerignore, with a Dockerfile from outside the context added), args, target,
 * labels and cache_from as query parameters, the image tagged with the service's image name
 * (default {@code proj-svc}). The builder's output goes to stderr as it streams.
 */
public final class Builder {
  private final Engine engine;
  private final Project project;
  private final Progress progress;
  private final PrintStream err;

  public Builder(Engine engine, Project project, Progress progress, PrintStream err) {
    this.engine = engine;
    this.project = project;
    this.progress = progress;
    this.err = err;
  }

  /** Builds the service's image; returns its ID. */
  public String build(Service svc) throws IOException {
    Map<String, Object> b = svc.map("build");
    Path context = Path.of(String.valueOf(b.get("context")));
    if (!Files.isDirectory(context)) {
      throw new ComposeException("unable to prepare context: path \"" + context + "\" not found");
    }
    String dockerfile = String.valueOf(b.getOrDefault("dockerfile", "Dockerfile"));
    Path dfPath = context.resolve(dockerfile).normalize();
    byte[] extra = null;
    String inContext = dockerfile;
    if (!dfPath.startsWith(context)) {
      if (!Files.isRegularFile(dfPath)) {
        throw new ComposeException("unable to prepare context: " + dfPath + ": no such file or directory");
      }
      extra = Files.readAllBytes(dfPath);
      inContext = "Dockerfile";
      dockerfile = ".dockerfile." + svc.name();
    } else if (!Files.isRegularFile(dfPath) && b.get("dockerfile_inline") == null) {
      throw new ComposeException("failed to solve: failed to read dockerfile: open " + dfPath + ": no such file or directory");
    }
    if (b.get("dockerfile_inline") != null) {
      extra = String.valueOf(b.get("dockerfile_inline")).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      inContext = "Dockerfile";
      dockerfile = ".dockerfile." + svc.name();
    }
    Map<String, Object> labels = new LinkedHashMap<>();
    if (b.get("labels") instanceof Map<?, ?> l) {
      l.forEach((k, v) -> labels.put(String.valueOf(k), v));
    }
    Query q = Query.path("/build").param("t", svc.image()).param("dockerfile", dockerfile)
        .param("buildargs", Json.write(b.getOrDefault("args", Map.of()))).param("labels", Json.write(labels))
        .nonEmpty("target", b.get("target") == null ? null : String.valueOf(b.get("target")))
        .param("rm", "1");
    if (b.get("cache_from") instanceof List<?> cf) {
      q.param("cachefrom", Json.write(cf));
    }
    if (b.get("network") != null) {
      q.param("networkmode", String.valueOf(b.get("network")));
    }
    if (b.get("tags") instanceof List<?> tags) {
      for (Object t : tags) {
        q.param("t", String.valueOf(t));
      }
    }
    progress.working("Image", svc.image(), "Building");
    PipedInputStream body = new PipedInputStream(1 << 16);
    PipedOutputStream sink = new PipedOutputStream(body);
    IOException[] failure = {null};
    byte[] extraDockerfile = extra;
    String extraName = dockerfile;
    String dfInContext = inContext;
    Thread packer = Thread.ofPlatform().daemon().start(() -> {
      try (sink) {
        ContextArchive.write(context, dfInContext, extraDockerfile, extraName, sink);
      } catch (IOException e) {
        failure[0] = e;
      }
    });
    String id = null;
    try (HttpResponse r = engine.client().call(new HttpRequest("POST", q.build()).stream(body, -1, "application/x-tar"))) {
      JsonStream s = new JsonStream(r.body());
      String text;
      while ((text = s.next()) != null) {
        if (!(Json.parse(text) instanceof Map<?, ?> m)) {
          continue;
        }
        if (m.get("error") != null) {
          progress.failed("Image", svc.image(), "Error");
          throw new ComposeException("failed to solve: " + String.valueOf(m.get("error")).strip());
        }
        if (m.get("stream") instanceof String line) {
          err.print(line);
          err.flush();
        }
        if (m.get("aux") instanceof Map<?, ?> aux && aux.get("ID") instanceof String i) {
          id = i;
        }
      }
    } catch (DaemonException e) {
      progress.failed("Image", svc.image(), "Error");
      throw new ComposeException("failed to solve: " + e.getMessage());
    }
    try {
      packer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure[0] != null) {
      throw new ComposeException("error sending the build context: " + failure[0].getMessage());
    }
    Map<String, Object> img = engine.inspectImage(svc.image());
    if (img == null) {
      throw new ComposeException("failed to solve: the build of " + svc.name() + " produced no image");
    }
    progress.done("Image", svc.image(), "Built");
    return id != null ? id : String.valueOf(img.get("Id"));
  }
}
