package dev.berth.daemon.container;

import dev.berth.daemon.archive.ScopedPath;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.volume.Volume;
import dev.berth.daemon.volume.VolumeService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides a container's mount points at create and fills fresh volumes at start.
 *
 * <p>At create: the explicit mounts come first; {@code --volumes-from} adds the other container's
 * binds and volumes for destinations not already taken; every VOLUME of the image that is still
 * uncovered gets an anonymous volume. Named volumes that do not exist yet are created then, as
 * Docker does, so {@code volume ls} shows them before the first start.
 *
 * <p>At start: a volume mounted with copy-data whose directory is still empty receives what the
 * image has at that path, ownership and modes included; Docker's behaviour, which is how a fresh
 * database volume gets the image's initial files.
 */
final class VolumeMounts {
  private VolumeMounts() {}

  static List<MountPoint> resolve(JsonNode hostConfig, JsonNode config, VolumeService volumes,
      Function<String, Container> containers) throws SQLException, IOException {
    List<MountPoint> out = new ArrayList<>();
    List<String> created = new ArrayList<>();
    try {
      for (MountRequests.Mount m : MountRequests.forCreate(hostConfig)) {
        out.add(switch (m.type()) {
          case "volume" -> volume(m, volumes, created);
          case "bind" -> new MountPoint("bind", "", m.source(), m.target(), !m.readOnly(), m.readOnly() ? "ro" : "",
              m.options(), false, false);
          default -> new MountPoint(m.type(), "", "", m.target(), !m.readOnly(), m.readOnly() ? "ro" : "",
              m.options(), false, false);
        });
      }
      Set<String> taken = new HashSet<>();
      out.forEach(p -> taken.add(p.destination()));
      for (JsonNode from : hostConfig.path("VolumesFrom")) {
        for (MountPoint p : volumesFrom(from.asText(""), containers)) {
          if (taken.add(p.destination())) {
            out.add(p);
          }
        }
      }
      for (String path : imageVolumes(config)) {
        if (taken.add(path)) {
          Volume v = volumes.createAnonymous();
          created.add(v.name());
          out.add(new MountPoint("volume", v.name(), volumes.data(v.name()).toString(), path, true, "", List.of(),
              true, true));
        }
      }
      return out;
    } catch (IOException | SQLException | RuntimeException e) {
      for (String name : created) {
        try {
          volumes.remove(name, true);
        } catch (IOException | SQLException | RuntimeException ignored) {
          // best effort: an orphan anonymous volume is what prune is for
        }
      }
      throw e;
    }
  }

  private static MountPoint volume(MountRequests.Mount m, VolumeService volumes, List<String> created)
      throws SQLException, IOException {
    Volume v;
    if (m.source().isEmpty()) {
      v = volumes.createAnonymous();
      created.add(v.name());
    } else {
      boolean existed = volumes.find(m.source()).isPresent();
      v = volumes.create(m.source(), "local", java.util.Map.of(), java.util.Map.of());
      if (!existed) {
        created.add(v.name());
      }
    }
    String mode = m.fromFlag() ? (m.readOnly() ? "ro" : "z") : "";
    java.nio.file.Path source = volumes.data(v.name());
    if (!m.subpath().isEmpty()) {
      // a directory inside the volume (VolumeOptions.Subpath): resolved there, never through a link out of it
      source = dev.berth.daemon.archive.ScopedPath.resolve(source, m.subpath(), true);
      if (!java.nio.file.Files.isDirectory(source) && !java.nio.file.Files.isRegularFile(source)) {
        throw dev.berth.daemon.server.ApiException.badRequest("invalid mount config for type \"volume\": subpath '"
            + m.subpath() + "' does not exist in volume " + v.name());
      }
    }
    return new MountPoint("volume", v.name(), source.toString(), m.target(), !m.readOnly(), mode,
        List.of(), !m.noCopy(), m.source().isEmpty());
  }

  /** {@code container[:ro|rw]}: that container's binds and volumes, with the access mode overridden if given. */
  private static List<MountPoint> volumesFrom(String spec, Function<String, Container> containers) {
    String ref = spec;
    String mode = "";
    int colon = spec.lastIndexOf(':');
    if (colon > 0) {
      ref = spec.substring(0, colon);
      mode = spec.substring(colon + 1);
      if (!mode.equals("ro") && !mode.equals("rw")) {
        throw ApiException.badRequest("invalid mode for volumes-from: " + mode);
      }
    }
    Container source = containers.apply(ref);
    if (source == null) {
      // 400, not 404: the docker CLI takes any 404 on create for a missing image and tries a pull
      throw ApiException.badRequest("No such container: " + ref);
    }
    List<MountPoint> out = new ArrayList<>();
    for (MountPoint p : mountsOf(source)) {
      if (p.type().equals("tmpfs")) {
        continue;
      }
      MountPoint copy = new MountPoint(p.type(), p.name(), p.source(), p.destination(), p.rw(), p.mode(), p.options(),
          false, false);
      out.add(mode.isEmpty() ? copy : copy.withRw(mode.equals("rw")));
    }
    return out;
  }

  private static List<String> imageVolumes(JsonNode config) {
    List<String> out = new ArrayList<>();
    config.path("Volumes").fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** The container's mount points; containers created before volumes existed derive them from HostConfig. */
  static List<MountPoint> mountsOf(Container c) {
    if (c.mounts != null) {
      return c.mounts;
    }
    List<MountPoint> out = new ArrayList<>();
    for (MountRequests.Mount m : MountRequests.of(c.hostConfig)) {
      out.add(new MountPoint(m.type(), "", m.type().equals("bind") ? m.source() : "", m.target(), !m.readOnly(),
          m.readOnly() ? "ro" : "", m.options(), false, false));
    }
    return out;
  }

  /** Fills each copy-data volume that is still empty from the image's content at its destination. */
  static void populate(Container c, Path rootfs) throws IOException {
    for (MountPoint p : mountsOf(c)) {
      if (!p.volume() || !p.copyData()) {
        continue;
      }
      Path volume = Files.createDirectories(Path.of(p.source()));
      Path inImage = ScopedPath.resolve(rootfs, p.destination(), true);
      if (!Files.isDirectory(inImage)) {
        continue;
      }
      VolumeCopyUp.fill(inImage, volume, p.name());
    }
  }
}
