package dev.berth.daemon.container;

import dev.berth.daemon.archive.ScopedPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * A container's file tree as {@code cp} sees it, lent out by {@link ContainerService#withRoot}.
 *
 * <p>A running container is read through {@code /proc/<pid>/root}, which shows its volumes, binds
 * and tmpfs mounts exactly as its processes see them. A stopped or created one has only its
 * overlay mounted on the host, so paths under a bind or volume destination are translated to that
 * mount's host directory. Either way every path is resolved by {@link ScopedPath}, so nothing
 * outside the container's files is ever named; writes go through
 * {@link dev.berth.daemon.sys.SafeTree} with {@link #treeOptions}, which does the same resolution
 * descriptor by descriptor so that no swapped-in link can redirect it.
 *
 * @param rootfs the overlay mount (the image plus the container's changes, without volumes)
 * @param live whether {@code view} is the running container's own {@code /proc/<pid>/root}
 */
public record ContainerRoot(Path view, Path rootfs, boolean live, List<Mapping> mappings, boolean readOnlyRootfs) {
  /** A directory mounted at {@code destination} inside the container, from {@code source} on the host. */
  public record Mapping(String destination, Path source, boolean rw) {}

  /** Where {@code path} (absolute, in the container) is on the host; see {@link ScopedPath}. */
  public Path resolve(String path, boolean followLast) throws IOException {
    if (live) {
      Path p = ScopedPath.resolve(view, path, followLast);
      // /proc/<pid>/root is itself a (magic) link: name the directory behind it, not the link
      return p.equals(view) ? view.resolve(".") : p;
    }
    Path inRoot = ScopedPath.resolve(view, path, followLast);
    String containerPath = "/" + view.relativize(inRoot);
    Mapping m = mappingFor(containerPath);
    if (m == null) {
      return inRoot;
    }
    String rest = containerPath.equals(m.destination()) ? "" : containerPath.substring(m.destination().length());
    return ScopedPath.resolve(m.source(), rest, followLast);
  }

  /**
   * How {@link dev.berth.daemon.sys.SafeTree} writes into this tree: links followed inside the
   * root as the container would follow them; for a stopped container its volumes and binds
   * entered in place of the directories they cover, read-only ones (and a read-only root) refused.
   * A running container's own mounts are already in its view, and the kernel enforces theirs.
   */
  public dev.berth.daemon.sys.SafeTree.Options treeOptions() {
    var o = new dev.berth.daemon.sys.SafeTree.Options().followLinksInRoot().describe("entry", "container");
    if (!live) {
      mappings.forEach(m -> o.mount(m.destination(), m.source(), m.rw()));
      o.rootReadOnly(readOnlyRootfs);
    }
    return o;
  }

  /** Whether a write at {@code path} lands on something writable (a read-only root still has rw volumes). */
  public boolean writable(String containerPath) {
    Mapping m = mappingFor(containerPath);
    return m != null ? m.rw() : !readOnlyRootfs;
  }

  /** Whether {@code containerPath} lies in one of the container's volumes or binds. */
  public boolean inMount(String containerPath) {
    return mappingFor(containerPath) != null;
  }

  /** The in-container path of a host path from {@link #resolve}, for link targets in stat answers. */
  public String containerPath(Path hostPath) {
    if (hostPath.startsWith(view)) {
      return "/" + view.relativize(hostPath);
    }
    for (Mapping m : mappings) {
      if (hostPath.startsWith(m.source())) {
        String rest = m.source().relativize(hostPath).toString();
        return rest.isEmpty() ? m.destination() : m.destination() + "/" + rest;
      }
    }
    return hostPath.toString();
  }

  private Mapping mappingFor(String containerPath) {
    return mappings.stream()
        .filter(m -> containerPath.equals(m.destination()) || containerPath.startsWith(m.destination() + "/"))
        .max(Comparator.comparingInt(m -> m.destination().length()))
        .orElse(null);
  }
}
