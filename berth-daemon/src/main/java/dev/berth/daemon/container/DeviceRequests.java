package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Host devices in a container: {@code --device /dev/x[:/dev/y][:rwm]} ({@code HostConfig.Devices})
 * and, for {@code --privileged}, every device node of the host. Each becomes an OCI
 * {@code linux.devices} entry (the runtime makes the node inside) and a rule in the device cgroup
 * allowing just that device with the permissions asked for.
 */
final class DeviceRequests {
  /** One device node as the container gets it. */
  record Device(String path, char type, long major, long minor, int mode, int uid, int gid, String access) {}

  /** Nodes the runtime itself makes in every container, and directories that are not devices to copy. */
  private static final Set<String> RUNTIME_MADE = Set.of("/dev/null", "/dev/zero", "/dev/full", "/dev/random",
      "/dev/urandom", "/dev/tty", "/dev/console", "/dev/ptmx");
  private static final Set<String> SKIPPED_DIRS = Set.of("/dev/pts", "/dev/shm", "/dev/mqueue", "/dev/fd");

  private DeviceRequests() {}

  /** Checks the requested devices at create: they must exist on the host and be device nodes. */
  static void validate(JsonNode hostConfig) throws IOException {
    requested(hostConfig);
  }

  static List<Device> requested(JsonNode hostConfig) throws IOException {
    List<Device> out = new ArrayList<>();
    for (JsonNode d : hostConfig.path("Devices")) {
      String host = d.path("PathOnHost").asText("");
      String inside = d.path("PathInContainer").asText("");
      String access = d.path("CgroupPermissions").asText("");
      if (inside.isEmpty()) {
        inside = host;
      }
      if (access.isEmpty()) {
        access = "rwm";
      }
      if (!access.matches("[rwm]{1,3}") || access.chars().distinct().count() != access.length()) {
        throw ApiException.badRequest("invalid device mode: " + access);
      }
      if (!host.startsWith("/") || !inside.startsWith("/")) {
        throw ApiException.badRequest("invalid device path: " + (host.startsWith("/") ? inside : host)
            + ": it must be absolute");
      }
      Path p = Path.of(host);
      if (!Files.exists(p)) {
        throw ApiException.badRequest("error gathering device information while adding custom device \"" + host
            + "\": no such file or directory");
      }
      if (Files.isDirectory(p)) {
        // a directory brings every device under it, at the same place below the container path
        try (Stream<Path> walk = Files.walk(p)) {
          for (Path x : walk.toList()) {
            Device dev = node(x, inside + x.toString().substring(host.length()), access);
            if (dev != null) {
              out.add(dev);
            }
          }
        }
        continue;
      }
      Device dev = node(p.toRealPath(), inside, access);
      if (dev == null) {
        throw ApiException.badRequest("error gathering device information while adding custom device \"" + host
            + "\": not a device node");
      }
      out.add(dev);
    }
    return out;
  }

  /** Every character and block device under the host's /dev, for privileged containers. */
  static List<Device> host() throws IOException {
    List<Device> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(Path.of("/dev"))) {
      for (Path x : walk.toList()) {
        String s = x.toString();
        if (RUNTIME_MADE.contains(s) || SKIPPED_DIRS.stream().anyMatch(d -> s.equals(d) || s.startsWith(d + "/"))) {
          continue;
        }
        Device d = node(x, s, "rwm");
        if (d != null) {
          out.add(d);
        }
      }
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    return out;
  }

  private static Device node(Path p, String inside, String access) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
      return null;
    }
    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    char type = switch (mode & 0170000) {
      case 0020000 -> 'c';
      case 0060000 -> 'b';
      default -> '?';
    };
    if (type == '?') {
      return null;
    }
    long rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
    long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
    long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
    int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    return new Device(inside, type, major, minor, mode & 07777, uid, gid, access);
  }

  /** Adds the nodes to {@code linux.devices} and their rules to the device cgroup. */
  static void toOci(List<Device> devices, ObjectNode linux, ArrayNode cgroupRules) {
    if (devices.isEmpty()) {
      return;
    }
    ArrayNode nodes = linux.has("devices") ? (ArrayNode) linux.get("devices") : linux.putArray("devices");
    for (Device d : devices) {
      nodes.addObject().put("path", d.path()).put("type", String.valueOf(d.type())).put("major", d.major())
          .put("minor", d.minor()).put("fileMode", d.mode()).put("uid", d.uid()).put("gid", d.gid());
      cgroupRules.addObject().put("allow", true).put("type", String.valueOf(d.type())).put("major", d.major())
          .put("minor", d.minor()).put("access", d.access());
    }
  }
}
