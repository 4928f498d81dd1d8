package dev.berth.compose.engine;

import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.JsonStream;
import dev.berth.cli.client.Query;
import dev.berth.cli.json.Json;
import dev.berth.compose.load.ComposeException;
import java.io.IOException;
import java.util.Map;

/**
 * Images the services run: inspected for the ID the {@code image} label records, and pulled
 * first when the daemon lacks them (or always, with {@code pull_policy: always} or
 * {@code up --pull always}), reporting per service as compose does.
 */
public final class Images {
  private final Engine engine;
  private final Progress progress;

  public Images(Engine engine, Progress progress) {
    this.engine = engine;
    this.progress = progress;
  }

  /** The image's ID, pulling it first when it is missing or when {@code always}. */
  public String ensure(String service, String image, boolean always) throws IOException {
    Map<String, Object> found = always ? null : engine.inspectImage(image);
    if (found != null) {
      return String.valueOf(found.get("Id"));
    }
    pull(service, image);
    found = engine.inspectImage(image);
    if (found == null) {
      throw new ComposeException("pull access denied for " + image + ", repository does not exist or may require 'docker login'");
    }
    return String.valueOf(found.get("Id"));
  }

  public void pull(String service, String image) throws IOException {
    progress.working("Image", image, "Pulling");
    String repo = image;
    String tag = null;
    int at = image.indexOf('@');
    int colon = image.lastIndexOf(':');
    if (at < 0 && colon > image.lastIndexOf('/')) {
      repo = image.substring(0, colon);
      tag = image.substring(colon + 1);
    }
    String path = Query.path("/images/create").param("fromImage", repo).param("tag", tag == null && at < 0 ? "latest" : tag).build();
    try (HttpResponse r = engine.client().open("POST", path)) {
      JsonStream s = new JsonStream(r.body());
      String line;
      while ((line = s.next()) != null) {
        if (Json.parse(line) instanceof Map<?, ?> m && m.get("error") != null) {
          progress.failed("Image", image, "Error");
          throw new ComposeException("Error response from daemon: " + m.get("error"));
        }
      }
    } catch (dev.berth.cli.client.DaemonException e) {
      progress.failed("Image", image, "Error");
      throw new ComposeException("Error response from daemon: " + e.getMessage());
    }
    progress.done("Image", image, "Pulled");
  }
}
