package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The mounts a container asks for beyond its image: bind mounts ({@code -v /host:/ctr[:ro]} and
 * {@code --mount type=bind}) and tmpfs ({@code --tmpfs}, {@code --mount type=tmpfs}). As in Docker,
 * {@code -v} creates a missing host directory while {@code --mount} refuses one.
 */
final class MountRequests {
  /** One mount to make: its kind, host source (binds), target in the container, and options. */
  record Mount(String type, String source, String target, boolean readOnly, List<String> options) {}

  private MountRequests() {}

  static List<Mount> of(JsonNode hostConfig) {
    return of(hostConfig, false);
  }

  /** At create, {@code --mount} bind sources must exist; later a missing one is the runtime's to report. */
  static List<Mount> forCreate(JsonNode hostConfig) {
    return of(hostConfig, true);
  }

  private static List<Mount> of(JsonNode hostConfig, boolean checkSources) {
    List<Mount> out = new ArrayList<>();
    for (JsonNode b : hostConfig.path("Binds")) {
      out.add(bind(b.asText()));
    }
    for (JsonNode m : hostConfig.path("Mounts")) {
      String type = m.path("Type").asText("");
      String target = m.path("Target").asText("");
      requireAbsolute(target, "target");
      switch (type) {
        case "bind" -> {
          String source = m.path("Source").asText("");
          requireAbsolute(source, "source");
          if (checkSources && !Files.exists(Path.of(source))) {
            throw ApiException.badRequest("invalid mount config for type \"bind\": bind source path does not exist: "
                + source);
          }
          out.add(new Mount("bind", source, target, m.path("ReadOnly").asBoolean(false), List.of()));
        }
        case "tmpfs" -> {
          List<String> opts = new ArrayList<>();
          long size = m.path("TmpfsOptions").path("SizeBytes").asLong(0);
          if (size > 0) {
            opts.add("size=" + size);
          }
          int mode = m.path("TmpfsOptions").path("Mode").asInt(0);
          if (mode > 0) {
            opts.add("mode=" + Integer.toOctalString(mode));
          }
          out.add(new Mount("tmpfs", "tmpfs", target, m.path("ReadOnly").asBoolean(false), opts));
        }
        case "volume" -> throw ApiException.badRequest("volumes are not supported by Berth yet; use a bind mount");
        default -> throw ApiException.badRequest("invalid mount config: mount type unknown: \"" + type + "\"");
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = hostConfig.path("Tmpfs").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      requireAbsolute(e.getKey(), "target");
      List<String> opts = new ArrayList<>();
      boolean ro = false;
      for (String o : e.getValue().asText("").split(",")) {
        if (o.isBlank() || o.equals("rw")) {
          continue;
        }
        if (o.equals("ro")) {
          ro = true;
        } else {
          opts.add(o.strip());
        }
      }
      out.add(new Mount("tmpfs", "tmpfs", e.getKey(), ro, opts));
    }
    List<String> targets = new ArrayList<>();
    for (Mount m : out) {
      if (targets.contains(m.target())) {
        throw ApiException.badRequest("Duplicate mount point: " + m.target());
      }
      targets.add(m.target());
    }
    return out;
  }

  /** {@code /host:/ctr[:ro|rw]}; a name instead of a host path would be a named volume. */
  private static Mount bind(String spec) {
    String[] parts = spec.split(":");
    if (parts.length < 2 || parts.length > 3) {
      throw ApiException.badRequest("invalid volume specification: '" + spec + "'");
    }
    if (!parts[0].startsWith("/")) {
      throw ApiException.badRequest("named volumes are not supported by Berth yet: '" + spec + "'");
    }
    requireAbsolute(parts[1], "destination");
    boolean ro = false;
    if (parts.length == 3) {
      for (String o : parts[2].split(",")) {
        switch (o) {
          case "ro" -> ro = true;
          case "rw", "z", "Z", "rprivate", "private", "rslave", "slave", "rshared", "shared", "" -> { }
          default -> throw ApiException.badRequest("invalid mode: " + o);
        }
      }
    }
    return new Mount("bind", parts[0], parts[1], ro, List.of());
  }

  private static void requireAbsolute(String path, String what) {
    if (path.isEmpty() || !path.startsWith("/")) {
      throw ApiException.badRequest("invalid mount config: " + what + " must be an absolute path: '" + path + "'");
    }
  }

  /** Creates missing host directories for {@code -v} binds, as Docker does. */
  static void prepare(List<Mount> mounts) throws IOException {
    for (Mount m : mounts) {
      if (m.type().equals("bind") && !Files.exists(Path.of(m.source()))) {
        Files.createDirectories(Path.of(m.source()));
      }
    }
  }
}
