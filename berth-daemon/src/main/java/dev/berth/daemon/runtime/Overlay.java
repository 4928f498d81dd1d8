package dev.berth.daemon.runtime;

import dev.berth.daemon.sys.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Mounts a container's root filesystem: the image's layers, read-only, under a per-container
 * upper directory. Lower layers are named through their short links ({@code overlay/l/XXXX}), which
 * keeps the mount options within the one page the kernel accepts even for deep images.
 */
public final class Overlay {
  private Overlay() {}

  /** Mounts; {@code lowers} are absolute directories, topmost first. */
  public static void mount(List<Path> lowers, Path upper, Path work, Path target) throws IOException {
    Files.createDirectories(upper);
    Files.createDirectories(work);
    Files.createDirectories(target);
    StringBuilder lower = new StringBuilder();
    for (Path p : lowers) {
      if (!lower.isEmpty()) {
        lower.append(':');
      }
      lower.append(p);
    }
    if (lowers.isEmpty()) {
      throw new IOException("an image without layers has no root filesystem");
    }
    String data = "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work;
    if (data.length() >= 4096) {
      throw new IOException("too many layers to mount (" + lowers.size() + ")");
    }
    LibC.mount("overlay", target.toString(), "overlay", 0, data);
  }

  /** Unmounts if mounted. */
  public static void unmount(Path target) throws IOException {
    LibC.umount(target.toString(), LibC.MNT_DETACH);
  }

  /** Whether something is mounted exactly at {@code target}. */
  public static boolean isMounted(Path target) throws IOException {
    String t = target.toString();
    for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
      String[] f = line.split(" ");
      if (f.length > 1 && f[1].equals(t)) {
        return true;
      }
    }
    return false;
  }
}
