package dev.berth.daemon.build;

import dev.berth.api.build.IgnoreMatcher;
import dev.berth.daemon.archive.ScopedPath;
import dev.berth.daemon.build.dockerfile.Dockerfile;
import dev.berth.daemon.build.dockerfile.DockerfileException;
import dev.berth.daemon.build.dockerfile.DockerfileParser;
import dev.berth.daemon.container.ContainerFilesystem;
import dev.berth.daemon.container.ContainerService;
import dev.berth.daemon.image.ImageRecord;
import dev.berth.daemon.image.ImageService;
import dev.berth.daemon.store.AtomicFiles;
import dev.berth.daemon.store.MetadataStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds images from a context and a Dockerfile ({@code POST /build}) and prunes the build cache.
 * The context is unpacked to disk under the data root, the daemon applies .dockerignore again
 * (the client may not have), and the Dockerfile is parsed before any step runs, so a mistake in
 * line 30 fails at once rather than after 29 steps.
 */
public final class BuildService {
  private static final Logger LOG = LoggerFactory.getLogger(BuildService.class);

  private final ImageService images;
  private final Builder builder;
  private final BuildCache cache;
  private final Path work;

  public BuildService(ImageService images, ContainerService containers, ContainerFilesystem filesystem,
      MetadataStore db, Path dataRoot, Builder.BasePuller puller) throws SQLException, IOException {
    this.images = images;
    this.cache = new BuildCache(db);
    this.builder = new Builder(images, containers, filesystem, cache, puller);
    this.work = dataRoot.resolve("build");
    if (Files.exists(work)) {
      AtomicFiles.deleteTree(work); // contexts of builds a crash interrupted
    }
  }

  void build(BuildRequest request, InputStream body, BuildOutput out) {
    try (BuildContext context = BuildContext.receive(body, work)) {
      BuildContext.Entry dockerfileEntry = context.entry(request.dockerfile());
      if (dockerfileEntry != null && dockerfileEntry.type() == BuildContext.Type.SYMLINK) {
        Path p = ScopedPath.resolve(context.directory(), request.dockerfile(), true);
        dockerfileEntry = Files.isRegularFile(p) ? context.entry(context.directory().relativize(p).toString()) : null;
      }
      if (dockerfileEntry == null || dockerfileEntry.type() == BuildContext.Type.DIR) {
        throw new BuildException("Cannot locate specified Dockerfile: " + request.dockerfile());
      }
      String text = new String(context.read(dockerfileEntry), StandardCharsets.UTF_8);
      Dockerfile dockerfile = DockerfileParser.parse(text);
      BuildContext.Entry ignore = context.entry(".dockerignore");
      if (ignore != null && ignore.type() == BuildContext.Type.FILE) {
        // The daemon applies .dockerignore again: not every client does (docker-java sends everything).
        // As dockerd does, that drops the Dockerfile and .dockerignore too when they are listed: clients
        // send them regardless, and the Dockerfile has been read by now.
        context.exclude(IgnoreMatcher.parse(new String(context.read(ignore), StandardCharsets.UTF_8)));
      }
      builder.build(request, context, dockerfile, out);
    } catch (BuildException e) {
      out.error(e.getMessage(), e.code());
    } catch (DockerfileException e) {
      out.error(e.getMessage());
    } catch (dev.berth.daemon.server.ApiException e) {
      out.error(e.getMessage());
    } catch (InterruptedException e) {
      LOG.info("build cancelled: the client went away");
    } catch (IOException | SQLException | RuntimeException e) {
      LOG.warn("build failed", e);
      out.error("build failed: " + e.getMessage());
    }
  }

  /** What prune removed. */
  record Pruned(List<String> ids, long bytes) {}

  /**
   * Drops the build cache: its entries, and the intermediate images only it kept (untagged, no
   * container using them). Tagged images keep their layers.
   */
  Pruned prune(boolean all) throws SQLException, IOException {
    List<String> removed = new ArrayList<>();
    long bytes = 0;
    List<String> cached = cache.images();
    cache.clear();
    for (String id : cached) {
      ImageRecord r = images.find(id);
      if (r == null || !r.tags().isEmpty()) {
        continue;
      }
      try {
        images.remove(id, false, false);
        removed.add(id);
        bytes += r.size();
      } catch (dev.berth.daemon.server.ApiException inUse) {
        // a container uses it: it stays, now outside the cache
      }
    }
    return new Pruned(removed, bytes);
  }
}
