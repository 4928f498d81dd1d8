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
    List<Stage> stages = StageGraph.plan(dockerfile, request.target(), metaArgs).order();
    int total = 0;
    for (Stage s : stages) {
      total += 1 + s.instructions().size();
    }
    total += request.labels().isEmpty() ? 0 : 1;
    Counter step = new Counter(total);
    Map<Integer, ImageRecord> built = new HashMap<>();
    java.util.Set<String> consumed = new java.util.HashSet<>();
    ImageRecord result = null;
    for (int i = 0; i < stages.size(); i++) {
      Stage stage = stages.get(i);
      boolean last = i == stages.size() - 1;
      StageRun run = new StageRun(this, request, context, out, step, metaArgs, consumed, built, dockerfile);
      result = run.build(stage, last ? request.labels() : Map.of());
      built.put(stage.index(), result);
    }
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

  /** "Step N/M". */
  static final class Counter {
    private final int total;
    private int n;

    Counter(int total) {
      this.total = total;
    }

    String next() {
      return "Step " + (++n) + "/" + total;
    }
  }
}
