package dev.berth.daemon.volume;

import dev.berth.api.Filters;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.store.AtomicFiles;
import dev.berth.daemon.store.DiskUsage;
import dev.berth.daemon.store.MetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Local volumes: create, look up, list, remove and prune, with Docker's rules. A volume in use by a
 * container (running or not) cannot be removed; prune takes only anonymous volumes unless asked for
 * all (API 1.42+). Data lives in {@code <data-root>/volumes/<name>/_data}, Docker's layout, so it
 * survives its containers and berthd restarts.
 *
 * <p>Creation is idempotent by name, as in Docker: {@code -v data:/x} on two containers shares one
 * volume. The record is written before the directory so that a crash in between leaves a volume
 * whose directory is recreated on use, never a directory nobody owns.
 */
public final class VolumeService {
  /** Docker's rule for local volume names. */
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Staging directories beside a volume's {@code _data} while the image's content is copied in; see {@link VolumeSweeper}. */
  public static final String COPY_UP_STAGING = "copy-up-";

  /** Which containers mount a volume; the container service answers. */
  public interface Users {
    List<String> containersUsing(String volumeName);
  }

  private final VolumeStore store;
  private final Path root;
  private volatile Users users = name -> List.of();
  private volatile dev.berth.daemon.events.EventBus events;

  public VolumeService(MetadataStore db, Path dataRoot) throws SQLException, IOException {
    this.store = new VolumeStore(db);
    this.root = Files.createDirectories(dataRoot.resolve("volumes"));
    VolumeSweeper.sweep(root, store);
  }

  public void usersFrom(Users users) {
    this.users = users;
  }

  /** Where create, destroy, mount and unmount are published. */
  public void events(dev.berth.daemon.events.EventBus bus) {
    this.events = bus;
  }

  /** Publishes a volume event ({@code mount}, {@code unmount} come from the container service). */
  public void publish(String action, String name, Map<String, String> attributes) {
    dev.berth.daemon.events.EventBus bus = events;
    if (bus != null) {
      Map<String, String> attrs = new java.util.LinkedHashMap<>(attributes);
      attrs.putIfAbsent("driver", "local");
      bus.publish("volume", action, name, attrs);
    }
  }

  /** Creates the named volume, or returns the existing one of that name (Docker's behaviour). */
  public synchronized Volume create(String name, String driver, Map<String, String> labels,
      Map<String, String> options) throws SQLException, IOException {
    if (driver != null && !driver.isEmpty() && !driver.equals("local")) {
      throw ApiException.notFound("error looking up volume plugin " + driver + ": plugin \"" + driver + "\" not found");
    }
    if (!options.isEmpty()) {
      throw ApiException.badRequest("create " + name + ": volume options are not supported by Berth's local driver: "
          + String.join(", ", options.keySet()));
    }
    if (name == null || name.isEmpty()) {
      name = HexFormat.of().formatHex(randomBytes());
    } else if (!NAME.matcher(name).matches()) {
      throw ApiException.badRequest("create " + name + ": \"" + name + "\" includes invalid characters for a local "
          + "volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, "
          + "use absolute path");
    }
    Optional<Volume> existing = store.get(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    Volume v = new Volume(name, "local", labels, options, Instant.now());
    store.insert(v);
    Files.createDirectories(data(name));
    // volumes/<name> is 0710 as the data root is (CVE-2021-41091); _data keeps the mode a container gives it
    dev.berth.daemon.sys.LibC.chmod(root.resolve(name).toString(), dev.berth.daemon.store.DataRootPermissions.DIR_MODE);
    publish("create", name, Map.of());
    return v;
  }

  /** A fresh anonymous volume, labelled as Docker labels them. */
  public Volume createAnonymous() throws SQLException, IOException {
    return create(null, "local", Map.of(Volume.ANONYMOUS_LABEL, ""), Map.of());
  }

  public Volume get(String name) throws SQLException {
    return store.get(name).orElseThrow(() -> ApiException.notFound("get " + name + ": no such volume"));
  }

  public Optional<Volume> find(String name) throws SQLException {
    return store.get(name);
  }

  public List<Volume> list() throws SQLException {
    return store.all();
  }

  /** The directory a container mounts; recreated if a crash lost it. */
  public Path data(String name) {
    return root.resolve(name).resolve("_data");
  }

  /** The directory to mount for {@code name}, made if missing. */
  public Path mountpoint(String name) throws IOException {
    return Files.createDirectories(data(name));
  }

  public List<String> users(String name) {
    return users.containersUsing(name);
  }

  /** Removes a volume; 409 while a container uses it, 404 when unknown unless {@code force}. */
  public synchronized void remove(String name, boolean force) throws SQLException, IOException {
    if (store.get(name).isEmpty()) {
      if (force) {
        return;
      }
      throw ApiException.notFound("get " + name + ": no such volume");
    }
    List<String> using = users.containersUsing(name);
    if (!using.isEmpty()) {
      throw ApiException.conflict("remove " + name + ": volume is in use - [" + String.join(", ", using) + "]");
    }
    store.delete(name);
    AtomicFiles.deleteTree(root.resolve(name));
    publish("destroy", name, Map.of());
  }

  /** What prune removed. */
  public record Pruned(List<String> names, long bytes) {}

  /**
   * Removes unused volumes: anonymous ones only, or all when the {@code all} filter is true, and
   * only those matching the {@code label} / {@code label!} filters.
   */
  public synchronized Pruned prune(Filters filters) throws SQLException, IOException {
    filters.requireKnown(Set.of("label", "label!", "all"));
    boolean all = filters.get("all").stream().anyMatch(v -> v.equals("true") || v.equals("1"));
    List<String> removed = new ArrayList<>();
    long bytes = 0;
    for (Volume v : store.all()) {
      if ((!all && !v.anonymous()) || !labelsMatch(filters, v.labels())
          || !users.containersUsing(v.name()).isEmpty()) {
        continue;
      }
      long size = DiskUsage.of(root.resolve(v.name()));
      store.delete(v.name());
      AtomicFiles.deleteTree(root.resolve(v.name()));
      removed.add(v.name());
      publish("destroy", v.name(), Map.of());
      bytes += size;
    }
    return new Pruned(removed, bytes);
  }

  /** The {@code label} filters all hold and no {@code label!} filter does (Docker's prune semantics). */
  static boolean labelsMatch(Filters f, Map<String, String> labels) {
    if (!f.matchesLabels("label", labels)) {
      return false;
    }
    for (String not : f.get("label!")) {
      if (Filters.ofArgs(List.of("label=" + not)).matchesLabels("label", labels)) {
        return false;
      }
    }
    return true;
  }

  /** Bytes of the files in a volume. */
  public long size(String name) {
    return DiskUsage.of(root.resolve(name));
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return b;
  }
}
