package dev.berth.cli.command.container;

import dev.berth.cli.client.DaemonClient;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Context;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /containers/create} as docker's run and create do it: on "No such image" say
 * {@code Unable to find image '...' locally}, try a pull, and create again.
 */
final class ContainerCreator {
  private ContainerCreator() {}

  /** Creates the container; {@code pull} is docker's policy: missing, always or never. */
  static String create(Context ctx, CreateRequest req, String pull) throws IOException {
    if (!pull.equals("missing") && !pull.equals("always") && !pull.equals("never")) {
      throw new IllegalArgumentException("invalid pull option: '" + pull + "': must be one of \"always\", \"missing\" or \"never\"");
    }
    DaemonClient client = ctx.client();
    if (pull.equals("always")) {
      pull(ctx, normalize(req.image()), req.platform());
    }
    String target = Query.path("/containers/create").nonEmpty("name", req.name()).nonEmpty("platform", req.platform()).build();
    Object resp;
    try {
      resp = client.postJson(target, req.body());
    } catch (DaemonException e) {
      if (!e.isNotFound() || !e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("no such image")
          || !pull.equals("missing")) {
        throw e;
      }
      String ref = normalize(req.image());
      ctx.err().println("Unable to find image '" + ref + "' locally");
      pull(ctx, ref, req.platform());
      resp = client.postJson(target, req.body());
    }
    Map<?, ?> m = (Map<?, ?>) resp;
    if (m.get("Warnings") instanceof List<?> warnings) {
      for (Object w : warnings) {
        ctx.err().println("WARNING: " + w);
      }
    }
    String id = String.valueOf(m.get("Id"));
    if (req.cidfile() != null && !req.cidfile().isEmpty()) {
      Files.writeString(Path.of(req.cidfile()), id, StandardCharsets.UTF_8);
    }
    return id;
  }

  /** {@code busybox} → {@code busybox:latest}; references with a tag or digest stay as given. */
  static String normalize(String image) {
    if (image.contains("@")) {
      return image;
    }
    int slash = image.lastIndexOf('/');
    return image.indexOf(':', slash + 1) >= 0 ? image : image + ":latest";
  }

  private static void pull(Context ctx, String ref, String platform) throws IOException {
    int slash = ref.lastIndexOf('/');
    int colon = ref.indexOf(':', slash + 1);
    String name = colon < 0 ? ref : ref.substring(0, colon);
    String tag = colon < 0 ? "latest" : ref.substring(colon + 1);
    try {
      dev.berth.cli.command.registry.PullCommand.pull(ctx, name, tag, platform, ctx.err());
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  static String json(Object o) {
    return Json.write(o);
  }
}
