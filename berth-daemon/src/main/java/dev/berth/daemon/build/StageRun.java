package dev.berth.daemon.build;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.build.dockerfile.ArgDefinition;
import dev.berth.daemon.build.dockerfile.BuildArgs;
import dev.berth.daemon.build.dockerfile.DockerfileParser;
import dev.berth.daemon.build.dockerfile.InstructionExpander;
import dev.berth.daemon.build.dockerfile.RunInvocation;
import dev.berth.daemon.build.dockerfile.ShellLexer;
import dev.berth.daemon.build.dockerfile.CommandLine;
import dev.berth.daemon.build.dockerfile.Dockerfile;
import dev.berth.daemon.build.dockerfile.Heredoc;
import dev.berth.daemon.build.dockerfile.Instruction;
import dev.berth.daemon.build.dockerfile.KeyValue;
import dev.berth.daemon.build.dockerfile.Stage;
import dev.berth.daemon.container.Container;
import dev.berth.daemon.image.ImageRecord;
import dev.berth.daemon.image.ImageService;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One stage of a build, step by step. A step's cache key is the history line Docker's classic
 * builder writes for it, so the key and the image's history say the same thing.
 */
final class StageRun {
  private final Builder builder;
  private final BuildRequest request;
  private final BuildContext context;
  private final BuildOutput out;
  private final Builder.Counter step;
  private final Map<String, String> metaArgs;
  private final Set<String> consumed;
  private final Map<Integer, ImageRecord> built;
  private final Dockerfile dockerfile;
  private final ShellLexer lexer;
  private final InstructionExpander expander;
  private StageState state;

  StageRun(Builder builder, BuildRequest request, BuildContext context, BuildOutput out, Builder.Counter step,
      Map<String, String> metaArgs, Set<String> consumed, Map<Integer, ImageRecord> built, Dockerfile dockerfile) {
    this.lexer = new ShellLexer(dockerfile.directives().escape());
    this.expander = new InstructionExpander(lexer);
    this.builder = builder;
    this.request = request;
    this.context = context;
    this.out = out;
    this.step = step;
    this.metaArgs = metaArgs;
    this.consumed = consumed;
    this.built = built;
    this.dockerfile = dockerfile;
  }

  ImageRecord build(Stage stage, Map<String, String> extraLabels)
      throws IOException, SQLException, InterruptedException {
    String base = expander.baseImage(stage, metaArgs).image();
    out.line(step.next() + " : " + stage.origin().original());
    state = new StageState(baseImage(base));
    out.line(" ---> " + shortId(state.image.id()));
    runTriggers();
    for (Instruction in : stage.instructions()) {
      out.line(step.next() + " : " + in.origin().original());
      execute(in);
    }
    if (!extraLabels.isEmpty()) {
      StringBuilder text = new StringBuilder("LABEL");
      extraLabels.forEach((k, v) -> text.append(' ').append(quote(k)).append('=').append(quote(v)));
      out.line(step.next() + " : " + text);
      ObjectNode labels = state.child("Labels");
      extraLabels.forEach(labels::put);
      metadataStep(text.toString());
    }
    return state.image;
  }

  private ImageRecord baseImage(String base) throws IOException, SQLException {
    if (base.equalsIgnoreCase("scratch")) {
      return builder.images().scratch();
    }
    var earlier = dockerfile.stage(base);
    if (earlier.isPresent() && built.containsKey(earlier.get().index())) {
      return built.get(earlier.get().index());
    }
    ImageRecord r = request.pull() ? null : builder.images().find(base);
    if (r == null) {
      try {
        r = builder.images().resolve(builder.pull(base, out.messages()));
      } catch (IOException e) {
        if (!request.pull() || (r = builder.images().find(base)) == null) {
          throw new BuildException(e.getMessage());
        }
      }
    }
    return r;
  }

  /** The base image's ONBUILD triggers run first, as Docker does. */
  private void runTriggers() throws IOException, SQLException, InterruptedException {
    List<String> triggers = new ArrayList<>();
    state.config.path("OnBuild").forEach(t -> triggers.add(t.asText()));
    state.config.remove("OnBuild");
    if (triggers.isEmpty()) {
      return;
    }
    out.line("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s"));
    for (String t : triggers) {
      execute(DockerfileParser.parse("FROM scratch\n" + t).stages().getFirst().instructions().getFirst());
    }
  }

  private void execute(Instruction raw) throws IOException, SQLException, InterruptedException {
    Map<String, String> vars = state.vars();
    Instruction in = raw instanceof Instruction.Arg ? raw : expander.expand(raw, vars);
    switch (in) {
      case Instruction.Env e -> {
        StringBuilder text = new StringBuilder("ENV");
        for (KeyValue kv : e.pairs()) {
          String k = kv.key();
          String v = kv.value();
          state.setEnv(k, v);
          text.append(' ').append(k).append('=').append(quote(v));
        }
        metadataStep(text.toString());
      }
      case Instruction.Label l -> {
        ObjectNode labels = state.child("Labels");
        StringBuilder text = new StringBuilder("LABEL");
        for (KeyValue kv : l.pairs()) {
          String k = kv.key();
          String v = kv.value();
          labels.put(k, v);
          text.append(' ').append(quote(k)).append('=').append(quote(v));
        }
        metadataStep(text.toString());
      }
      case Instruction.Arg a -> {
        StringBuilder text = new StringBuilder("ARG");
        for (ArgDefinition d : a.args()) {
          if (request.buildArgs().containsKey(d.name())) {
            consumed.add(d.name());
          }
          BuildArgs.resolve(d, request.buildArgs(), metaArgs, vars, lexer)
              .ifPresent(value -> state.args.put(d.name(), value));
          text.append(' ').append(d.name()).append(d.defaultValue().map(v -> "=" + v).orElse(""));
        }
        metadataStep(text.toString());
      }
      case Instruction.Expose x -> {
        ObjectNode ports = state.child("ExposedPorts");
        List<String> words = new ArrayList<>();
        for (String w : x.ports()) {
          String port = w.contains("/") ? w.toLowerCase(java.util.Locale.ROOT) : w + "/tcp";
          ports.putObject(port);
          words.add(port);
        }
        metadataStep("EXPOSE " + String.join(" ", words));
      }
      case Instruction.Workdir w -> {
        String path = w.path();
        String dir = path.startsWith("/") ? path : join(state.workdir(), path);
        state.config.put("WorkingDir", normalize(dir));
        metadataStep("WORKDIR " + normalize(dir));
      }
      case Instruction.User u -> {
        String user = u.user();
        state.config.put("User", user);
        metadataStep("USER " + user);
      }
      case Instruction.Volume v -> {
        ObjectNode vols = state.child("Volumes");
        List<String> paths = new ArrayList<>();
        for (String w : v.paths()) {
          if (w.isBlank()) {
            throw new BuildException("VOLUME specified can not be an empty string");
          }
          vols.putObject(w);
          paths.add(w);
        }
        metadataStep("VOLUME " + Json.plain().writeValueAsString(paths));
      }
      case Instruction.StopSignal s -> {
        String sig = s.signal();
        state.config.put("StopSignal", sig);
        metadataStep("STOPSIGNAL " + sig);
      }
      case Instruction.Maintainer m -> {
        state.author = m.name();
        metadataStep("MAINTAINER " + state.author);
      }
      case Instruction.Healthcheck h -> {
        ObjectNode hc = state.config.putObject("Healthcheck");
        hc.set("Test", state.strings(h.test()));
        putNanos(hc, "Interval", h.intervalNanos());
        putNanos(hc, "Timeout", h.timeoutNanos());
        putNanos(hc, "StartPeriod", h.startPeriodNanos());
        putNanos(hc, "StartInterval", h.startIntervalNanos());
        if (h.retries() > 0) {
          hc.put("Retries", h.retries());
        }
        metadataStep("HEALTHCHECK " + Json.plain().writeValueAsString(hc));
      }
      case Instruction.Cmd c -> {
        List<String> cmd = c.command().withShell(state.shell());
        state.config.set("Cmd", state.strings(cmd));
        state.cmdSetHere = true;
        metadataStep("CMD " + Json.plain().writeValueAsString(cmd));
      }
      case Instruction.Entrypoint e -> {
        List<String> ep = e.command().withShell(state.shell());
        if (e.command().shellForm() && e.command().args().getFirst().isEmpty()) {
          ep = List.of();
        }
        state.config.set("Entrypoint", ep.isEmpty() ? null : state.strings(ep));
        if (!state.cmdSetHere) {
          state.config.remove("Cmd"); // Docker: a new ENTRYPOINT drops the base image's CMD
        }
        metadataStep("ENTRYPOINT " + Json.plain().writeValueAsString(ep));
      }
      case Instruction.Shell s -> {
        state.config.set("Shell", state.strings(s.shell()));
        metadataStep("SHELL " + Json.plain().writeValueAsString(s.shell()));
      }
      case Instruction.OnBuild o -> {
        ArrayNode triggers = state.config.has("OnBuild") && state.config.get("OnBuild").isArray()
            ? (ArrayNode) state.config.get("OnBuild") : state.config.putArray("OnBuild");
        triggers.add(o.expression());
        metadataStep("ONBUILD " + o.expression());
      }
      case Instruction.Run r -> run(r);
      case Instruction.Copy c -> new CopyStep(this, c.sources(), c.inlineSources(), c.destination(), c.from(),
          c.chown(), c.chmod(), false, "COPY").run();
      case Instruction.Add a -> new CopyStep(this, a.sources(), a.inlineSources(), a.destination(),
          java.util.Optional.empty(), a.chown(), a.chmod(), true, "ADD").run();
    }
  }

  // ---- steps

  /** A step that only changes the config: an image with an empty-layer history entry. */
  private void metadataStep(String text) throws IOException, SQLException {
    String key = "/bin/sh -c #(nop)  " + text;
    if (cached(key)) {
      return;
    }
    String id = builder.images().commit(state.image, null, commit(key));
    advance(key, id);
  }

  private void run(Instruction.Run r) throws IOException, SQLException, InterruptedException {
    if (!r.mounts().isEmpty()) {
      throw new BuildException("dockerfile line " + r.origin().line() + ": RUN --mount is not supported by Berth's "
          + "builder yet (cache, secret and bind mounts are BuildKit features)");
    }
    RunInvocation invocation = RunInvocation.of(r, state.shell());
    List<String> cmd = invocation.argv();
    String key = state.argsPrefix() + String.join(" ", cmd)
        + invocation.script().map(sc -> " <<" + sc.content().hashCode()).orElse("");
    if (cached(key)) {
      return;
    }
    ObjectNode req = runRequest(cmd);
    // RUN --network=none|host|default, as BuildKit takes it, overrides the build's own mode
    r.network().filter(n -> !n.equals("default")).ifPresent(n ->
        ((ObjectNode) req.get("HostConfig")).put("NetworkMode", n));
    java.nio.file.Path script = null;
    if (invocation.script().isPresent()) {
      // a heredoc with a shebang runs as a script file, where BuildKit puts it
      script = java.nio.file.Files.createTempFile(context.workDir(), "script-", "");
      java.nio.file.Files.writeString(script, invocation.script().get().content());
      java.nio.file.Files.setPosixFilePermissions(script,
          java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      ((ObjectNode) req.get("HostConfig")).putArray("Binds")
          .add(script + ":" + invocation.script().get().path() + ":ro");
    }
    Container c = builder.containers().create(null, req);
    out.line(" ---> Running in " + c.shortId());
    try {
      int code = builder.containers().runToEnd(c.id, out.stepOutput());
      if (code != 0) {
        throw new BuildException("The command '" + String.join(" ", cmd) + "' returned a non-zero code: " + code,
            code);
      }
      String id = builder.filesystem().commitStep(c.id, state.image, commit(key));
      out.line("Removing intermediate container " + c.shortId());
      advance(key, id);
    } finally {
      removeQuietly(c.id);
      if (script != null) {
        java.nio.file.Files.deleteIfExists(script);
      }
    }
  }

  ObjectNode runRequest(List<String> cmd) {
    ObjectNode req = Json.plain().createObjectNode();
    req.put("Image", state.image.id());
    req.set("Cmd", state.strings(cmd));
    req.putArray("Entrypoint");
    List<String> env = new ArrayList<>(state.runEnv());
    // the predefined proxy args reach RUN without an ARG line, and never the history or cache key
    request.buildArgs().forEach((k, v) -> {
      if (BuildArgs.isProxyArg(k) && !state.args.containsKey(k)) {
        env.add(k + "=" + v);
      }
    });
    req.set("Env", state.strings(env));
    req.put("WorkingDir", state.workdir());
    req.put("User", state.config.path("User").asText(""));
    req.putObject("Labels").put(dev.berth.daemon.container.Container.BUILD_STEP_LABEL, "");
    ObjectNode host = req.putObject("HostConfig");
    String net = request.networkMode();
    host.put("NetworkMode", net.isEmpty() || net.equals("default") ? "bridge" : net);
    if (!request.extraHosts().isEmpty()) {
      request.extraHosts().forEach(host.putArray("ExtraHosts")::add);
    }
    return req;
  }

  // ---- shared with CopyStep

  boolean cached(String key) throws SQLException {
    if (request.noCache()) {
      return false;
    }
    String id = builder.cache().find(state.image.id(), key);
    ImageRecord hit = id == null ? null : builder.images().find(id);
    if (hit == null || !cacheSources().allows(hit.id())) {
      return false;
    }
    out.line(" ---> Using cache");
    out.line(" ---> " + shortId(hit.id()));
    state.image = hit;
    // the cached image carries the config this step would have made
    String author = state.author;
    state.config = hit.runConfig().deepCopy();
    state.author = author;
    return true;
  }

  private CacheSources cacheSources;

  private CacheSources cacheSources() throws SQLException {
    if (cacheSources == null) {
      cacheSources = CacheSources.of(builder.images(), request.cacheFrom());
    }
    return cacheSources;
  }

  void advance(String key, String imageId) throws SQLException {
    builder.cache().put(state.image.id(), key, imageId);
    builder.images().setParent(imageId, state.image.id());
    state.image = builder.images().resolve(imageId);
    out.line(" ---> " + shortId(imageId));
  }

  ImageService.Commit commit(String createdBy) {
    return new ImageService.Commit(null, null, null, state.author, createdBy, null, state.config.deepCopy());
  }

  void removeQuietly(String containerId) {
    try {
      builder.containers().remove(containerId, true, true);
    } catch (IOException | SQLException | RuntimeException ignored) {
      // best effort; prune finds it
    }
  }

  StageState state() {
    return state;
  }

  Builder builder() {
    return builder;
  }

  BuildContext context() {
    return context;
  }

  BuildOutput out() {
    return out;
  }

  Map<Integer, ImageRecord> built() {
    return built;
  }

  Dockerfile dockerfile() {
    return dockerfile;
  }

  // ---- helpers

  private static void putNanos(ObjectNode o, String key, long nanos) {
    if (nanos > 0) {
      o.put(key, nanos);
    }
  }

  static String shortId(String id) {
    return id.substring(7, 19);
  }

  private static String quote(String s) {
    return s.matches("[A-Za-z0-9_./:@,+-]+") ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String join(String dir, String rel) {
    return dir.endsWith("/") ? dir + rel : dir + "/" + rel;
  }

  static String normalize(String path) {
    String n = java.nio.file.Path.of(path).normalize().toString();
    return n.isEmpty() ? "/" : n;
  }
}
