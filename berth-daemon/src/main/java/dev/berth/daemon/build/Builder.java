package dev.berth.daemon.build;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.Json;
import dev.berth.daemon.build.dockerfile.BuildArgs;
import dev.berth.daemon.build.dockerfile.Dockerfile;
import dev.berth.daemon.build.dockerfile.ShellLexer;
import dev.berth.daemon.build.dockerfile.StageGraph;
import dev.berth.daemon.build.dockerfile.Instruction;
import dev.berth.daemon.build.dockerfile.KeyValue;
import dev.berth.daemon.build.dockerfile.Stage;
import dev.berth.daemon.container.ContainerFilesystem;
import dev.berth.daemon.container.ContainerService;
import dev.berth.daemon.image.ImageRecord;
import dev.berth.daemon.image.ImageService;
import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one build: the stages the target needs, in order, each instruction a step that is looked up
 * in the {@link BuildCache} first and otherwise executed (RUN and COPY/ADD in a container on the
 * same runtime as {@code run}, the others as config changes), each step's result an image whose
 * parent is the step before, as Docker's classic builder keeps them.
 */
public final class Builder {
  /** Berth builds for the host: linux/amd64 here (the platform ARGs say so). */
  static final String PLATFORM = "linux/" + ImageService.hostArchitecture();
  private final ImageService images;
  private final ContainerService containers;
  private final ContainerFilesystem filesystem;
  private final BuildCache cache;
  private final BasePuller puller;

  /** Pulls a base image the store does not have; the progress goes to the build's stream. */
  @FunctionalInterface
  public interface BasePuller {
    String pull(String reference, java.io.OutputStream progress) throws IOException, SQLException,
        InterruptedException;
  }

  Builder(ImageService images, ContainerService containers, ContainerFilesystem filesystem, BuildCache cache,
      BasePuller puller) {
    this.puller = puller;
    this.images = images;
    this.containers = containers;
    this.filesystem = filesystem;
    this.cache = cache;
  }

  /** Builds and tags; returns the image ID. Failures are {@link BuildException}s with Docker's wording. */
  String build(BuildRequest request, BuildContext context, Dockerfile dockerfile, BuildOutput out)
      throws IOException, SQLException, InterruptedException {
    ShellLexer lexer = new ShellLexer(dockerfile.directives().escape());
    Map<String, String> metaArgs = BuildArgs.metaArgValues(dockerfile.metaArgs(), request.buildArgs(),
        BuildArgs.platformArgs(PLATFORM, PLATFORM), lexer);
    StageGraph.Plan plan = StageGraph.plan(dockerfile, request.target(), metaArgs);
    List<Stage> stages = plan.order();
    int total = 0;
    Map<Integer, Integer> firstStep = new HashMap<>();
    for (Stage s : stages) {
      firstStep.put(s.index(), total);
      total += 1 + s.instructions().size();
    }
    total += request.labels().isEmpty() ? 0 : 1;
    Map<Integer, ImageRecord> built = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Set<String> consumed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Stage target = plan.target();
    for (List<Stage> level : plan.levels()) {
      if (level.size() == 1) {
        Stage stage = level.getFirst();
        StageRun run = new StageRun(this, request, context, out, new Counter(total, firstStep.get(stage.index())),
            metaArgs, consumed, built, dockerfile);
        built.put(stage.index(), run.build(stage, stage == target ? request.labels() : Map.of()));
      } else {
        buildInParallel(level, request, context, out, total, firstStep, metaArgs, consumed, built, dockerfile, target);
      }
    }
    ImageRecord result = built.get(target.index());
    List<String> unused = request.buildArgs().keySet().stream()
        .filter(k -> !consumed.contains(k) && !BuildArgs.isProxyArg(k) && !metaArgs.containsKey(k))
        .sorted().toList();
    if (!unused.isEmpty()) {
      out.line("[Warning] One or more build-args " + unused + " were not consumed");
    }
    String id = result.id();
    out.imageId(id);
    out.line("Successfully built " + id.substring(7, 19));
    for (String tag : request.tags()) {
      out.line("Successfully tagged " + images.tagReference(id, tag));
    }
    return id;
  }

  /**
   * Stages that do not depend on each other build at the same time, each on a thread of its own;
   * each one's output is held in a file and then passed on whole, in stage order, so the log reads
   * as if they had run one after another. The first failure cancels the others.
   */
  private void buildInParallel(List<Stage> level, BuildRequest request, BuildContext context, BuildOutput out,
      int total, Map<Integer, Integer> firstStep, Map<String, String> metaArgs, java.util.Set<String> consumed,
      Map<Integer, ImageRecord> built, Dockerfile dockerfile, Stage target)
      throws IOException, SQLException, InterruptedException {
    // each stage's output waits in a file of the build's work directory, not in the heap: a RUN
    // may print gigabytes
    List<java.nio.file.Path> logs = new java.util.ArrayList<>();
    List<java.io.OutputStream> logStreams = new java.util.ArrayList<>();
    List<java.util.concurrent.Future<ImageRecord>> results = new java.util.ArrayList<>();
    try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newThreadPerTaskExecutor(
        Thread.ofPlatform().name("build-stage-", 0).factory())) {
      for (Stage stage : level) {
        java.nio.file.Path log = java.nio.file.Files.createTempFile(context.workDir(), "stage-log-", "");
        logs.add(log);
        java.io.OutputStream logStream = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(log),
            1 << 16);
        logStreams.add(logStream);
        BuildOutput held = new BuildOutput(logStream, request.quiet());
        results.add(pool.submit(() -> new StageRun(this, request, context, held,
            new Counter(total, firstStep.get(stage.index())), metaArgs, consumed, built, dockerfile)
            .build(stage, stage == target ? request.labels() : Map.of())));
      }
      try {
        for (int i = 0; i < level.size(); i++) {
          ImageRecord r;
          try {
            r = results.get(i).get();
          } finally {
            logStreams.get(i).close();
            java.nio.file.Files.copy(logs.get(i), out.messages());
          }
          built.put(level.get(i).index(), r);
        }
      } catch (java.util.concurrent.ExecutionException e) {
        results.forEach(f -> f.cancel(true));
        switch (e.getCause()) {
          case IOException io -> throw io;
          case SQLException sql -> throw sql;
          case InterruptedException ie -> throw ie;
          case RuntimeException re -> throw re;
          default -> throw new IOException(e.getCause());
        }
      } catch (InterruptedException e) {
        results.forEach(f -> f.cancel(true));
        throw e;
      }
    } finally {
      for (int i = 0; i < logs.size(); i++) {
        try {
          logStreams.get(i).close();
        } catch (IOException ignored) {
          // the file goes anyway
        }
        java.nio.file.Files.deleteIfExists(logs.get(i));
      }
    }
  }

  String pull(String reference, java.io.OutputStream progress) throws IOException {
    try {
      return puller.pull(reference, progress);
    } catch (SQLException e) {
      throw new IOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("build cancelled");
    }
  }

  ImageService images() {
    return images;
  }

  ContainerService containers() {
    return containers;
  }

  ContainerFilesystem filesystem() {
    return filesystem;
  }

  BuildCache cache() {
    return cache;
  }

  /** "Step N/M", a stage's steps numbered from where they stand in the whole build. */
  static final class Counter {
    private final int total;
    private int n;

    Counter(int total, int before) {
      this.total = total;
      this.n = before;
    }

    String next() {
      return "Step " + (++n) + "/" + total;
    }
  }
}
