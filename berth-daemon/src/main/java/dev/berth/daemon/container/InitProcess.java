package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.daemon.server.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --init} (HostConfig.Init): a small init runs as the container's PID 1 and the command as
 * its child, so that signals reach the command (a PID 1 ignores those it has no handler for) and
 * orphaned processes are reaped. As Docker, the host's static init binary is bind-mounted
 * read-only at {@code /sbin/docker-init} and the process becomes {@code /sbin/docker-init -- cmd...};
 * Path and Args in inspect stay the user's command. It must be static: the image may have no libc.
 */
final class InitProcess {
  /** Where Docker puts its init inside the container; tools look for it there. */
  static final String IN_CONTAINER_PATH = "/sbin/docker-init";
  /** Static inits, in order of preference: Debian's tini, then catatonit (Podman's), then Docker's own. */
  private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/tini-static"),
      Path.of("/usr/libexec/podman/catatonit"), Path.of("/usr/bin/catatonit"), Path.of("/usr/libexec/docker/docker-init"),
      Path.of("/usr/bin/docker-init"));

  private InitProcess() {}

  static boolean wanted(Container c) {
    return c.hostConfig.path("Init").asBoolean(false);
  }

  /** The host's init binary; a clear 400 when none is installed. */
  static Path binary() {
    return binary(CANDIDATES);
  }

  static Path binary(List<Path> candidates) {
    for (Path p : candidates) {
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    throw ApiException.badRequest("--init: no init binary found on the host (looked for " + String.join(", ",
        candidates.stream().map(Path::toString).toList()) + "); install Debian's tini package");
  }

  /** Puts the init in front of the process and mounts it, when the container asks for one. */
  static void apply(Container c, ObjectNode spec) {
    if (!wanted(c)) {
      return;
    }
    Path init = binary();
    ArrayNode args = (ArrayNode) spec.path("process").path("args");
    ArrayNode withInit = args.arrayNode().add(IN_CONTAINER_PATH).add("--");
    withInit.addAll(args);
    ((ObjectNode) spec.get("process")).set("args", withInit);
    ObjectNode m = ((ArrayNode) spec.get("mounts")).addObject();
    m.put("destination", IN_CONTAINER_PATH);
    m.put("type", "bind");
    m.put("source", init.toString());
    m.putArray("options").add("rbind").add("rprivate").add("ro");
  }
}
