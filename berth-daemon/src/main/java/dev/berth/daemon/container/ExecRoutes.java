package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** {@code /containers/{id}/exec} and {@code /exec/{id}/...}: thin adapters onto {@link ExecService}. */
public final class ExecRoutes {
  /** The first API version whose framed answers say so in their Content-Type. */
  private static final dev.berth.api.ApiVersion MULTIPLEXED_SINCE = dev.berth.api.ApiVersion.parse("1.42");
  private final ExecService execs;

  public ExecRoutes(ExecService execs) {
    this.execs = execs;
  }

  public void register(Router r) {
    r.post("/containers/{id}/exec", x -> {
      JsonNode body = x.jsonBody(JsonNode.class);
      if (!(body instanceof ObjectNode request)) {
        throw ApiException.badRequest("exec configuration cannot be empty");
      }
      dev.berth.daemon.util.GoJsonFields.canonical(request, "AttachStdin", "AttachStdout", "AttachStderr",
          "ConsoleSize", "DetachKeys", "Tty", "Env", "Cmd", "Privileged", "User", "WorkingDir");
      x.json(HttpResponseStatus.CREATED, Map.of("Id", execs.create(x.path("id"), request)));
    });
    r.add(HttpMethod.POST, "/exec/{id}/start", this::start, Router.Kind.HIJACK);
    r.get("/exec/{id}/json", x -> x.json(execs.inspect(execs.require(x.path("id")))));
    r.post("/exec/{id}/resize", x -> {
      ExecInstance e = execs.require(x.path("id"));
      int[] size = ConsoleResize.size(x);
      execs.resize(e, size[0], size[1]);
      x.status(HttpResponseStatus.OK);
    });
  }

  /**
   * The route may take the connection over, so the HTTP decoder is gone before it runs: the JSON
   * body is read by its Content-Length from the raw stream, and what follows is the exec's stdin.
   */
  private void start(Exchange x) throws Exception {
    ExecInstance e = execs.require(x.path("id"));
    JsonNode options = readBody(x);
    boolean detach = options.path("Detach").asBoolean(false);
    if (detach) {
      execs.start(e, null, null, true);
      x.status(HttpResponseStatus.OK);
      return;
    }
    // as dockerd: the start request's Tty, not the exec's, decides between raw bytes and frames
    boolean startTty = options.path("Tty").asBoolean(false);
    Exchange.RawPipe pipe = x.hijack(startTty || !x.version().atLeast(MULTIPLEXED_SINCE)
        ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream");
    if (e.tty) {
      x.onClose(() -> execs.clientGone(e));
    }
    java.io.OutputStream out = ExecStreamShape.of(pipe.out(), e.tty, startTty);
    try {
      execs.start(e, out, pipe.in(), false);
    } catch (ApiException failed) {
      // the answer has begun: the client sees the reason in its stderr stream (raw with a terminal)
      byte[] msg = (failed.getMessage() + (startTty ? "\r\n" : "\n")).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      pipe.out().write(startTty ? msg
          : dev.berth.api.StreamFrames.frame(dev.berth.api.StreamType.STDERR, msg, 0, msg.length));
    } finally {
      pipe.close();
    }
  }

  private static JsonNode readBody(Exchange x) throws IOException {
    String length = x.headers().get("Content-Length");
    int n;
    try {
      n = length == null ? 0 : Integer.parseInt(length.strip());
    } catch (NumberFormatException badLength) {
      throw ApiException.badRequest("invalid Content-Length: " + length);
    }
    if (n <= 0) {
      return Json.plain().createObjectNode();
    }
    if (n > 1 << 20) {
      throw ApiException.badRequest("exec start options too large");
    }
    InputStream in = x.body();
    byte[] body = in.readNBytes(n);
    JsonNode tree = Json.tree(body);
    return tree instanceof ObjectNode o ? dev.berth.daemon.util.GoJsonFields.canonical(o, "Detach", "Tty", "ConsoleSize")
        : Json.plain().createObjectNode();
  }
}
