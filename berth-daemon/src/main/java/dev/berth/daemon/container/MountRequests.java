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
 * The mounts a container asks for beyond its image, parsed from its HostConfig: bind mounts
 * ({@code -v /host:/ctr[:ro]}, {@code --mount type=bind}), volumes ({@code -v name:/ctr},
 * {@code -v /ctr} for an anonymous one, {@code --mount type=volume}) and tmpfs ({@code --tmpfs},
 * {@code --mount type=tmpfs}). As in Docker, {@code -v} creates a missing host directory while
 * {@code --mount} refuses one. {@link VolumeMounts} turns these into the container's mount points.
 */
final class MountRequests {
  /**
   * One mount to make: its kind, source (a host path for binds, a volume name, empty for an
   * anonymous volume), target in the container, and options. {@code noCopy} keeps an empty volume
   * from being filled with the image's content; {@code fromFlag} marks {@code -v} (Docker shows
   * its Mode differently).
   */
  record Mount(String type, String source, String target, boolean readOnly, List<String> options, boolean noCopy,
      boolean fromFlag, String subpath) {
    Mount(String type, String source, String target, boolean readOnly, List<String> options) {
      this(type, source, target, readOnly, options, false, false, "");
    }

    Mount(String type, String source, String target, boolean readOnly, List<String> options, boolean noCopy,
        boolean fromFlag) {
      this(type, source, target, readOnly, options, noCopy, fromFlag, "");
    }
  }

  /** A bind's mount propagation, as {@code -v} options and {@code BindOptions.Propagation} name them. */
  static final java.util.Set<String> PROPAGATIONS = java.util.Set.of("rprivate", "private", "rslave", "slave",
      "rshared", "shared");

  /** The propagation among a bind's options; rprivate, Docker's default, when none is given. */
  static String propagation(List<String> options) {
    return options.stream().filter(PROPAGATIONS::contains).findFirst().orElse("rprivate");
  }

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
          String propagation = m.path("BindOptions").path("Propagation").asText("");
          if (!propagation.isEmpty() && !PROPAGATIONS.contains(propagation)) {
            throw ApiException.badRequest("invalid mount config: invalid propagation mode: " + propagation);
          }
          out.add(new Mount("bind", source, target, m.path("ReadOnly").asBoolean(false),
              propagation.isEmpty() ? List.of() : List.of(propagation)));
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
        case "volume" -> {
          JsonNode vo = m.path("VolumeOptions");
          if (!vo.path("DriverConfig").path("Name").asText("local").equals("local")
              && !vo.path("DriverConfig").path("Name").asText("").isEmpty()) {
            throw ApiException.badRequest("invalid mount config: volume driver \""
                + vo.path("DriverConfig").path("Name").asText() + "\" is not supported, only \"local\"");
          }
          String name = m.path("Source").asText("");
          if (name.startsWith("/")) {
            throw ApiException.badRequest("invalid mount config for type \"volume\": source must be a volume name, not a host "
                + "path: '" + name + "' (use type=bind)");
          }
          String subpath = vo.path("Subpath").asText("");
          if (!subpath.isEmpty() && (subpath.startsWith("/") || java.util.Arrays.asList(subpath.split("/")).contains(".."))) {
            throw ApiException.badRequest("invalid mount config for type \"volume\": subpath must be a relative path "
                + "inside the volume: '" + subpath + "'");
          }
          if (!subpath.isEmpty() && name.isEmpty()) {
            throw ApiException.badRequest("invalid mount config for type \"volume\": subpath needs a named volume");
          }
          out.add(new Mount("volume", name, target, m.path("ReadOnly").asBoolean(false), List.of(),
              vo.path("NoCopy").asBoolean(false) || !subpath.isEmpty(), false, subpath));
        }
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

  /**
   * {@code /host:/ctr[:opts]} is a bind, {@code name:/ctr[:opts]} a named volume and a lone
   * {@code /ctr} an anonymous volume.
   */
  private static Mount bind(String spec) {
    String[] parts = spec.split(":");
    if (parts.length == 1) {
      requireAbsolute(parts[0], "destination");
      return new Mount("volume", "", parts[0], false, List.of(), false, true);
    }
    if (parts.length > 3 || parts[0].isEmpty()) {
      throw ApiException.badRequest("invalid volume specification: '" + spec + "'");
    }
    if (!parts[1].startsWith("/")) {
      throw ApiException.badRequest("invalid volume specification: '" + spec
          + "': invalid mount config for type \"volume\": invalid mount path: '" + parts[1]
          + "' mount path must be absolute");
    }
    boolean ro = false;
    boolean noCopy = false;
    List<String> propagation = new ArrayList<>();
    if (parts.length == 3) {
      for (String o : parts[2].split(",")) {
        switch (o) {
          case "ro" -> ro = true;
          case "nocopy" -> noCopy = true;
          case "rprivate", "private", "rslave", "slave", "rshared", "shared" -> propagation.add(o);
          case "rw", "z", "Z", "" -> { }
          default -> throw ApiException.badRequest("invalid mode: " + o);
        }
      }
    }
    boolean volume = !parts[0].startsWith("/");
    if (volume && !propagation.isEmpty()) {
      throw ApiException.badRequest("invalid volume specification: '" + spec + "': propagation applies to binds only");
    }
    if (propagation.size() > 1) {
      throw ApiException.badRequest("invalid mode: " + parts[2]);
    }
    return new Mount(volume ? "volume" : "bind", parts[0], parts[1], ro, propagation, noCopy, true);
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
