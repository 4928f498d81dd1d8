package dev.berth.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test image's root filesystem, made once per test run by the project's own script. */
final class BusyboxRootfs {
  private static Path tarball;

  private BusyboxRootfs() {}

  static synchronized Path tarball() throws IOException {
    if (tarball == null) {
      Path t = Files.createTempFile("busybox-rootfs", ".tar");
      t.toFile().deleteOnExit();
      Command.Result r = Command.run(java.util.Map.of(), null,
          java.util.List.of(BerthDaemon.ROOT.resolve("scripts/busybox-rootfs.sh").toString(), t.toString()));
      if (r.exitCode() != 0) {
        throw new IllegalStateException("busybox-rootfs.sh failed: " + r);
      }
      tarball = t;
    }
    return tarball;
  }
}
