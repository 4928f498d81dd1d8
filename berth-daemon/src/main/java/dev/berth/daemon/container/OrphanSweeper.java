package dev.berth.daemon.container;

import dev.berth.daemon.network.Endpoint;
import dev.berth.daemon.network.NetworkService;
import dev.berth.daemon.runtime.Overlay;
import dev.berth.daemon.store.AtomicFiles;
import dev.berth.daemon.sys.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a kill -9 of berthd can leave behind that no stored container owns, found and undone when
 * berthd starts again: container directories without a row (a crash between making the files and
 * the insert, or between the delete and the files), mounts under this daemon's data and exec roots
 * that are not a running container's root, monitors of containers that are not running, the temp
 * files of commits, and network attachments (see {@link NetworkService#sweepOrphans}).
 *
 * <p>Everything it looks at is identified through this daemon's own roots: paths under its data or
 * exec root, monitors whose bundle lies under its exec root, attachments recorded under its exec
 * root. Objects of Docker, Podman or another berthd on the same host are never touched.
 */
final class OrphanSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanSweeper.class);

  private final ContainerStore store;
  private final Path dataRoot;
  private final Path execRoot;
  private final dev.berth.daemon.runtime.OciRuntime runtime;

  OrphanSweeper(ContainerStore store, dev.berth.daemon.runtime.OciRuntime runtime, Path dataRoot, Path execRoot) {
    this.store = store;
    this.runtime = runtime;
    this.dataRoot = dataRoot;
    this.execRoot = execRoot;
  }

  /** Before recovery: directories of containers the store does not know, and commit temp files. */
  void sweepDirectories() {
    for (Path root : List.of(dataRoot.resolve("containers"), execRoot.resolve("containers"))) {
      try (var dirs = Files.list(root)) {
        for (Path dir : dirs.toList()) {
          String id = dir.getFileName().toString();
          if (store.get(id) != null) {
            sweepTempFiles(dir);
            continue;
          }
          Path rootfs = dir.resolve("rootfs");
          if (Overlay.isMounted(rootfs)) {
            Overlay.unmount(rootfs);
          }
          AtomicFiles.deleteTree(dir);
          LOG.info("removed leftover directory {}", dir);
        }
      } catch (IOException e) {
        LOG.warn("sweeping {} failed: {}", root, e.getMessage());
      }
    }
  }

  /** A commit or build step spools its layer beside the container's writable layer; a crash leaves it. */
  private static void sweepTempFiles(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if ((name.startsWith("step-") || name.startsWith("commit-")) && name.endsWith(".tar")
            || name.startsWith(".") && name.contains(".tmp-")) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /** The step containers of builds that a crash ended: nobody will commit or remove them. */
  List<Container> buildLeftovers() {
    List<Container> out = new ArrayList<>();
    for (Container c : store.all()) {
      if (ContainerViews.labels(c).containsKey(Container.BUILD_STEP_LABEL)) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * After recovery, once every container's state is settled: mounts, monitors and network
   * attachments that no running container accounts for.
   */
  void sweepHost(NetworkService networks) {
    List<Container> running = store.all().stream().filter(c -> c.state.running()).toList();
    Set<String> runningIds = new HashSet<>();
    List<Endpoint> live = new ArrayList<>();
    Set<String> keptMounts = new HashSet<>();
    for (Container c : running) {
      runningIds.add(c.id);
      live.addAll(ContainerService.endpointsOf(c));
      keptMounts.add(ContainerPaths.of(dataRoot, execRoot, c.id).rootfs().toString());
    }
    sweepMonitors(runningIds);
    sweepMounts(keptMounts);
    try {
      int undone = networks.sweepOrphans(live, runningIds);
      if (undone > 0) {
        LOG.info("undid {} network attachment(s) that no container owned", undone);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("sweeping network attachments failed: {}", e.getMessage());
    }
  }

  /** Unmounts what is mounted under the data or exec root and is not a running container's root. */
  private void sweepMounts(Set<String> kept) {
    List<String> targets = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] f = line.split(" ");
        if (f.length < 5) {
          continue;
        }
        String target = unescape(f[4]);
        if (!under(target, dataRoot) && !under(target, execRoot)) {
          continue;
        }
        boolean ownedByRunning = kept.stream().anyMatch(k -> target.equals(k) || target.startsWith(k + "/"));
        if (!ownedByRunning) {
          targets.add(target);
        }
      }
    } catch (IOException e) {
      LOG.warn("reading mounts failed: {}", e.getMessage());
      return;
    }
    targets.sort(Comparator.reverseOrder()); // deepest first
    for (String t : targets) {
      try {
        LibC.umount(t, LibC.MNT_DETACH);
        LOG.info("unmounted leftover {}", t);
      } catch (IOException e) {
        LOG.warn("unmounting leftover {} failed: {}", t, e.getMessage());
      }
    }
  }

  /**
   * Kills conmon processes whose bundle is under this exec root but whose container is not running
   * in the store: a crash between the runtime's create and the store's write leaves them.
   */
  private void sweepMonitors(Set<String> running) {
    String bundles = execRoot.resolve("containers") + "/";
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String pidText = p.getFileName().toString();
        if (!pidText.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String[] argv;
        try {
          argv = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
        } catch (IOException gone) {
          continue;
        }
        if (argv.length == 0 || !Path.of(argv[0]).getFileName().toString().equals("conmon")) {
          continue;
        }
        String bundle = argValue(argv, "-b");
        String id = argValue(argv, "-c");
        if (bundle == null || id == null || !bundle.startsWith(bundles) || running.contains(id)) {
          continue;
        }
        LOG.info("ending the monitor {} of container {}, which is not running", pidText, id);
        try {
          // the container first: a monitor killed before it would leave its process to init
          runtime.kill(id, "KILL", true);
        } catch (IOException notThere) {
          // never created, or already gone
        }
        try {
          runtime.delete(id);
        } catch (IOException notThere) {
          // likewise
        }
        LibC.kill(Integer.parseInt(pidText), 9);
      }
    } catch (IOException e) {
      LOG.warn("looking for leftover monitors failed: {}", e.getMessage());
    }
  }

  private static String argValue(String[] argv, String flag) {
    for (int i = 0; i + 1 < argv.length; i++) {
      if (argv[i].equals(flag)) {
        return argv[i + 1];
      }
    }
    return null;
  }

  private static boolean under(String target, Path root) {
    return target.startsWith(root + "/");
  }

  /** mountinfo escapes spaces, tabs, newlines and backslashes as octal. */
  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 3 < s.length()) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }
}
