package dev.berth.daemon.container;

import java.nio.file.Path;

/**
 * Where one container's files live. Persistent state (the writable layer, the log, the generated
 * /etc files) sits under the data root and survives reboots; the OCI bundle and the rootfs mount
 * point sit under the exec root, a tmpfs that a reboot clears along with the processes.
 */
record ContainerPaths(Path data, Path bundle) {
  static ContainerPaths of(Path dataRoot, Path execRoot, String id) {
    return new ContainerPaths(dataRoot.resolve("containers").resolve(id), execRoot.resolve("containers").resolve(id));
  }

  Path upper() {
    return data.resolve("diff");
  }

  Path work() {
    return data.resolve("work");
  }

  /** Docker's json-file log, which the logs endpoint serves. */
  Path log() {
    return data.resolve(data.getFileName() + "-json.log");
  }

  /** conmon's spool of the container's output, which berthd ships into the json-file log. */
  Path spool() {
    return data.resolve("spool.log");
  }

  Path spoolOffset() {
    return data.resolve("spool.offset");
  }

  Path hosts() {
    return data.resolve("hosts");
  }

  Path hostname() {
    return data.resolve("hostname");
  }

  Path resolvConf() {
    return data.resolve("resolv.conf");
  }

  Path rootfs() {
    return bundle.resolve("rootfs");
  }
}
