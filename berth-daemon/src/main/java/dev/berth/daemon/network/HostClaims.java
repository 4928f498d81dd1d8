package dev.berth.daemon.network;

import dev.berth.daemon.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What each berthd on the host has taken: bridge names and subnets, one small file per claim under
 * {@code /run/berth-networks}, naming the data root that owns it. A bridge and its route exist only
 * while its daemon keeps them up, so without these two daemons could pick the same berth0 or the
 * same 172.17.0.0/16 one after the other and meet when both run. A claim whose data root is gone
 * is stale and may be taken. /run is emptied at boot, as the interfaces are.
 */
final class HostClaims {
  static final Path DEFAULT_DIR = Path.of("/run/berth-networks");
  private final Path dir;
  private final String owner;

  HostClaims(Path dir, Path dataRoot) {
    this.dir = dir;
    this.owner = dataRoot.toAbsolutePath().normalize().toString();
  }

  /** Takes an interface name for this daemon; false when another live daemon holds it. */
  boolean claimInterface(String name) {
    return claim("iface-" + name);
  }

  boolean claimSubnet(String cidr) {
    return claim("subnet-" + cidr.replace('/', '_'));
  }

  void releaseInterface(String name) {
    release("iface-" + name);
  }

  void releaseSubnet(String cidr) {
    release("subnet-" + cidr.replace('/', '_'));
  }

  /** Whether another live daemon holds the interface name. */
  boolean interfaceTakenByOther(String name) {
    String o = ownerOf("iface-" + name);
    return o != null && !o.equals(owner) && live(o);
  }

  /** The subnets other live daemons hold. */
  List<String> subnetsOfOthers() {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String f = p.getFileName().toString();
        String o = ownerOf(f);
        if (o != null && !o.equals(owner) && !live(o)) {
          // its daemon's data root is gone (a test's, a removed install): the claim goes too
          Files.deleteIfExists(p);
        } else if (f.startsWith("subnet-") && o != null && !o.equals(owner)) {
          out.add(f.substring("subnet-".length()).replace('_', '/'));
        }
      }
    } catch (IOException e) {
      // nothing to learn
    }
    return out;
  }

  private boolean claim(String key) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(key);
      try {
        Files.writeString(file, owner, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        String o = ownerOf(key);
        if (owner.equals(o)) {
          return true;
        }
        if (o != null && live(o)) {
          return false;
        }
        AtomicFiles.write(file, owner.getBytes(StandardCharsets.UTF_8));
        return true;
      }
    } catch (IOException e) {
      // no shared directory (read-only /run): fall back on what the host shows
      return true;
    }
  }

  private void release(String key) {
    try {
      if (owner.equals(ownerOf(key))) {
        Files.deleteIfExists(dir.resolve(key));
      }
    } catch (IOException e) {
      // a stale claim is harmless once its data root is gone
    }
  }

  private String ownerOf(String key) {
    try {
      return Files.readString(dir.resolve(key), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return null;
    }
  }

  /** A claim is live while its daemon's data root (its metadata store) exists. */
  private static boolean live(String dataRoot) {
    return Files.exists(Path.of(dataRoot, "metadata.db"));
  }
}
