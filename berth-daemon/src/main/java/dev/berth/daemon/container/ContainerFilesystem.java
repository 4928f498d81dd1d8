package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.daemon.archive.OverlayDiff;
import dev.berth.daemon.archive.TreeTar;
import dev.berth.daemon.image.ConfigChanges;
import dev.berth.daemon.image.ImageService;
import dev.berth.daemon.image.UnsafeArchiveException;
import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A container's file system as a whole: {@code export} (the merged tree as a tar), {@code diff}
 * (what its writable layer changed) and {@code commit} (that layer as a new image).
 */
public final class ContainerFilesystem {
  /** Mount points every container gets from the engine; like Docker's init layer, diffs leave them out. */
  private static final Set<String> ENGINE_PATHS = Set.of("/proc", "/sys", "/dev", "/etc/hosts", "/etc/hostname",
      "/etc/resolv.conf", "/.dockerenv");

  private final ContainerService containers;
  private final ImageService images;

  public ContainerFilesystem(ContainerService containers, ImageService images) {
    this.containers = containers;
    this.images = images;
  }

  /** Writes the container's root file system (without its volumes) as a tar. */
  public void export(String ref, java.util.function.Supplier<OutputStream> body) throws IOException, SQLException {
    containers.withRoot(ref, (c, root) -> {
      ArchiveFreeze.TarWork work = out -> {
        TreeTar tar = new TreeTar(out);
        tar.add(root.rootfs(), "");
        tar.finish();
      };
      if (!root.live()) {
        OutputStream out = body.get();
        work.write(out);
        out.close();
      } else {
        // its processes share the overlay: read it frozen, into a spool (see ArchiveFreeze)
        ArchiveFreeze.send(ArchiveFreeze.spool(containers.runtime(), c.id, containers.upperDir(c).getParent(), work),
            body.get());
      }
      return null;
    });
  }

  public List<OverlayDiff.Change> changes(String ref) throws IOException, SQLException {
    Container c = containers.require(ref);
    return diff(c).changes();
  }

  private OverlayDiff diff(Container c) throws SQLException {
    Predicate<String> ignored = p -> ENGINE_PATHS.contains(p);
    return new OverlayDiff(containers.upperDir(c), containers.lowerDirs(c), ignored);
  }

  /**
   * A build step's commit: the container's changes as one layer on {@code parent}, with the
   * builder's own config and history line rather than the container's.
   */
  public String commitStep(String ref, dev.berth.daemon.image.ImageRecord parent, ImageService.Commit step)
      throws IOException, SQLException {
    Container c = containers.require(ref);
    Path tmp = Files.createTempFile(containers.upperDir(c).getParent(), "step-", ".tar");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        diff(c).writeLayer(out);
      }
      try (InputStream layer = Files.newInputStream(tmp)) {
        return images.commit(parent, layer, step);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Commits the container's changes as an image: its config (with {@code overrides} from the
   * request body and {@code changes} in Dockerfile syntax on top), pausing it meanwhile if asked.
   */
  public String commit(String ref, String repo, String tag, String comment, String author, boolean pause,
      List<String> changes, JsonNode overrides) throws IOException, SQLException {
    Container c = containers.require(ref);
    boolean paused = false;
    if (pause && c.state.running() && !c.state.paused()) {
      try {
        containers.pause(c.id, true);
        paused = true;
      } catch (IOException | RuntimeException notRunning) {
        // it exited meanwhile (docker-py commits a container running `touch`): nothing left to
        // freeze, though the exit may not have been recorded yet
        String now = containers.runtime().state(c.id);
        if (containers.require(c.id).state.running() && ("running".equals(now) || "paused".equals(now))) {
          throw notRunning;
        }
      }
    }
    Path tmp = Files.createTempFile(containers.upperDir(c).getParent(), "commit-", ".tar");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        diff(c).writeLayer(out);
      }
      ObjectNode runConfig = c.config.deepCopy();
      runConfig.remove("Hostname");
      runConfig.remove("Domainname");
      runConfig.remove("MacAddress");
      if (overrides != null && overrides.isObject()) {
        overrides.fields().forEachRemaining(e -> {
          if (!e.getValue().isNull() && !(e.getValue().isTextual() && e.getValue().asText().isEmpty())
              && !(e.getValue().isContainerNode() && e.getValue().isEmpty())) {
            runConfig.set(e.getKey(), e.getValue());
          }
        });
      }
      try {
        ConfigChanges.apply(runConfig, changes);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
      List<String> cmd = new ArrayList<>();
      cmd.add(c.path);
      cmd.addAll(c.args);
      try (InputStream layer = Files.newInputStream(tmp)) {
        dev.berth.daemon.image.ImageRecord parent = images.resolve(c.imageId);
        String id = images.commit(parent, layer, new ImageService.Commit(repo, tag, comment, author,
            String.join(" ", cmd), c.id, runConfig));
        images.setParent(id, parent.id());   // inspect's Parent, as dockerd reports a commit's
        return id;
      } catch (UnsafeArchiveException e) {
        throw ApiException.internal("commit failed: " + e.getMessage());
      }
    } finally {
      Files.deleteIfExists(tmp);
      if (paused && containers.require(c.id).state.paused()) {
        containers.unpause(c.id);   // unless it was killed meanwhile, which ends the pause too
      }
    }
  }
}
