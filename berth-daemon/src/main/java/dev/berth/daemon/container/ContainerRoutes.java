package dev.berth.daemon.container;

import dev.berth.daemon.store.DiskUsage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.image.ImageRecord;
import dev.berth.daemon.image.ImageService;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.server.Exchange;
import dev.berth.daemon.server.Router;
import dev.berth.daemon.util.Times;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The {@code /containers} endpoints: thin adapters from HTTP onto {@link ContainerService}. */
public final class ContainerRoutes {
  private final ContainerService containers;
  private final ImageService images;

  public ContainerRoutes(ContainerService containers, ImageService images) {
    this.containers = containers;
    this.images = images;
  }

  public void register(Router r) {
    r.get("/containers/json", this::list);
    r.post("/containers/create", this::create);
    r.post("/containers/prune", x -> x.json(containers.prune(x.filters())));
    r.get("/containers/{id}/json", this::inspect);
    r.post("/containers/{id}/start", x -> containers.start(x.path("id")));
    r.post("/containers/{id}/stop", x -> containers.stop(x.path("id"), timeout(x), x.query("signal")));
    r.post("/containers/{id}/restart", x -> containers.restart(x.path("id"), timeout(x), x.query("signal")));
    r.post("/containers/{id}/kill", this::kill);
    r.post("/containers/{id}/pause", x -> containers.pause(x.path("id")));
    r.post("/containers/{id}/unpause", x -> containers.unpause(x.path("id")));
    r.post("/containers/{id}/rename", x -> containers.rename(x.path("id"), x.query("name")));
    r.post("/containers/{id}/wait", this::await);
    r.post("/containers/{id}/update", x -> x.json(Map.of("Warnings",
        containers.update(x.path("id"), x.jsonBody(JsonNode.class)))));
    r.post("/containers/{id}/resize", x -> {
      Container c = containers.require(x.path("id"));
      int[] size = ConsoleResize.size(x);
      ConsoleResize.resize(c, containers.paths(c).bundle(), size[0], size[1]);
      x.status(HttpResponseStatus.OK);
    });
    r.delete("/containers/{id}/{alias}", x -> {
      if (!x.flag("link", false)) {
        throw ApiException.notFound("page not found");
      }
      containers.removeLink(x.path("id"), x.path("alias"));
    });
    r.delete("/containers/{id}", x -> containers.remove(x.path("id"), x.flag("force", false),
        x.flag("v", false)));
    r.get("/containers/{id}/logs", this::logs);
    r.get("/containers/{id}/top", x -> x.json(containers.top(x.path("id"), x.query("ps_args"))));
    r.add(HttpMethod.POST, "/containers/{id}/attach", this::attach, Router.Kind.HIJACK);
  }

  private static Integer timeout(Exchange x) {
    String t = x.query("t");
    if (t == null) {
      t = x.query("timeout");
    }
    if (t == null || t.isEmpty()) {
      return null;
    }
    try {
      return Integer.parseInt(t);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid value for t: " + t);
    }
  }

  private void list(Exchange x) throws Exception {
    ContainerListFilter filter = new ContainerListFilter(x.filters(), images);
    boolean all = x.flag("all", false) || filter.wantsAll();
    int limit = x.intQuery("limit", -1);
    boolean size = x.flag("size", false);
    List<Container> candidates = containers.all();
    Instant before = null;
    Instant since = null;
    for (String b : filter.before()) {
      before = containers.require(b).created;
    }
    for (String s : filter.since()) {
      since = containers.require(s).created;
    }
    List<ObjectNode> out = new ArrayList<>();
    for (Container c : candidates) {
      if (!all && !c.state.running() && limit <= 0 && before == null && since == null) {
        continue;
      }
      if (before != null && !c.created.isBefore(before) || since != null && !c.created.isAfter(since)) {
        continue;
      }
      if (!filter.matches(c)) {
        continue;
      }
      out.add(ContainerViews.summary(c, size ? DiskUsage.of(containers.paths(c).upper()) : -1));
      if (limit > 0 && out.size() >= limit) {
        break;
      }
    }
    x.json(out);
  }

  private void create(Exchange x) throws Exception {
    JsonNode body = x.jsonBody(JsonNode.class);
    if (!(body instanceof ObjectNode request)) {
      throw ApiException.badRequest("config cannot be empty in order to create a container");
    }
    String runtime = request.path("HostConfig").path("Runtime").asText("");
    if (!runtime.isEmpty() && !runtime.equals(containers.runtime().name())) {
      // berthd runs every container on the one runtime it chose at start
      throw ApiException.badRequest("Unknown runtime specified " + runtime);
    }
    Container c = containers.create(x.query("name"), request);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("Id", c.id);
    answer.put("Warnings", List.of());
    x.json(HttpResponseStatus.CREATED, answer);
  }

  private void inspect(Exchange x) throws Exception {
    Container c = containers.require(x.path("id"));
    List<String> lowers = new ArrayList<>();
    ImageRecord image = images.find(c.imageId);
    if (image != null) {
      for (String chain : image.chainIds()) {
        lowers.add(0, images.layers().diffDir(chain).toString());
      }
    }
    long size = x.flag("size", false) ? DiskUsage.of(containers.paths(c).upper()) : -1;
    ObjectNode doc = ContainerViews.inspect(c, containers.paths(c), lowers, size);
    if (doc.get("HostConfig") instanceof ObjectNode host && host.path("Runtime").asText("").isEmpty()) {
      host.put("Runtime", containers.runtime().name());   // the OCI runtime that runs it, as dockerd reports
    }
    if (size >= 0) {
      doc.put("SizeRootFs", size + (image == null ? 0 : image.size()));
    }
    x.json(doc);
  }

  private void await(Exchange x) throws Exception {
    CompletableFuture<Integer> exit = containers.waitFor(x.path("id"), x.query("condition"));
    // headers go out at once: clients wait on them before they start the container
    OutputStream out = x.stream(HttpResponseStatus.OK, "application/json", null);
    Integer code;
    while (true) {
      try {
        code = exit.get(1, java.util.concurrent.TimeUnit.SECONDS);
        break;
      } catch (java.util.concurrent.TimeoutException e) {
        if (!x.connected()) {
          return;
        }
      } catch (ExecutionException e) {
        code = -1;
        break;
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("StatusCode", code);
    answer.put("Error", null);
    byte[] json = Json.toBytes(answer);
    byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
    line[json.length] = '\n';
    out.write(line);   // one chunk: clients that decode chunk by chunk never see a bare newline
    out.close();
  }

  /**
   * As dockerd, a SIGKILL answers once the container has stopped (or after 10 s), so an inspect
   * right after it sees the exit; other signals answer as soon as they are sent.
   */
  private void kill(Exchange x) throws Exception {
    String signal = x.query("signal");
    java.util.concurrent.CompletableFuture<Integer> exit = containers.waitFor(x.path("id"), "not-running");
    containers.kill(x.path("id"), signal);
    if (signal == null || signal.isEmpty() || Signals.number(signal.toUpperCase(java.util.Locale.ROOT)) == 9) {
      try {
        exit.get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | ExecutionException stillThere) {
        // answered anyway, as dockerd does after its wait
      }
    }
  }

  private void logs(Exchange x) throws Exception {
    Container c = containers.require(x.path("id"));
    if (c.hostConfig.path("LogConfig").path("Type").asText("").equals("none")) {
      throw new ApiException(HttpResponseStatus.NOT_IMPLEMENTED, "configured logging driver does not support reading");
    }
    boolean stdout = x.flag("stdout", false);
    boolean stderr = x.flag("stderr", false);
    if (!stdout && !stderr) {
      throw ApiException.badRequest("Bad parameters: you must choose at least one stream");
    }
    String tailText = x.query("tail", "all");
    int tail;
    try {
      tail = tailText.equals("all") || tailText.isEmpty() ? -1 : Integer.parseInt(tailText);
    } catch (NumberFormatException e) {
      tail = -1;
    }
    String since = x.query("since", "");
    String until = x.query("until", "");
    Instant sinceTime = since.isEmpty() || since.equals("0") ? null : Times.parseInstant(since);
    Instant untilTime = until.isEmpty() || until.equals("0") ? null : Times.parseInstant(until);
    LogReader.Options options = new LogReader.Options(stdout, stderr, x.flag("timestamps", false), tail, sinceTime,
        untilTime, x.flag("follow", false), c.tty());
    String type = c.tty() ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
    try (OutputStream out = x.stream(HttpResponseStatus.OK, type, null)) {
      new LogReader(containers.currentLog(c), options, out).copy(
          () -> containers.exists(c) && c.state.running(), x::connected);
    } catch (IOException clientGone) {
      // the client hung up; nothing more to send
    }
  }

  private static final long LOG_REPLAY_PAUSE_MS = 20;

  private void attach(Exchange x) throws Exception {
    Container c = containers.require(x.path("id"));
    boolean stdin = x.flag("stdin", false);
    boolean stdout = x.flag("stdout", false);
    boolean stderr = x.flag("stderr", false);
    boolean stream = x.flag("stream", false);
    boolean logs = x.flag("logs", false);
    String type = c.tty() ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
    java.util.concurrent.atomic.AtomicReference<Exchange.RawPipe> pipeRef = new java.util.concurrent.atomic.AtomicReference<>();
    byte[] detachKeys = ExecService.detachKeys(x.query("detachKeys", ""));
    AttachSession session = new AttachSession(stdin && c.openStdin(), stdout, stderr, c.tty(), detachKeys, () -> {
      Exchange.RawPipe p = pipeRef.get();
      if (p != null) {
        p.close();
      }
    });
    if (stream) {
      // registered before the client hears 101: it may start the container right away
      containers.attach(c.id, session);
    }
    Exchange.RawPipe pipe = x.hijack(type);
    pipeRef.set(pipe);
    x.onClose(() -> {
      containers.detachPending(c.id, session);
      session.end();
    });
    if (logs) {
      // The logs follow the 101 at once, and docker-py reads that answer through a buffered reader
      // before it takes the raw socket: bytes that come in the same read are lost to it. dockerd
      // is slow enough here never to hit that; a moment's pause lets the client take the headers.
      Thread.sleep(LOG_REPLAY_PAUSE_MS);
      new LogReader(containers.currentLog(c), new LogReader.Options(stdout, stderr, false, -1, null, null, false,
          c.tty()), pipe.out()).copy(() -> false, x::connected);
    }
    if (!stream) {
      pipe.close();
      return;
    }
    session.bind(pipe.out(), pipe.in());
    if (session.ended()) {
      pipe.close();
    }
    session.awaitEnd();
  }

}
