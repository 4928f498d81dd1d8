package dev.berth.daemon.container;

import java.util.List;

/**
 * One mount of a container as decided at create: binds and tmpfs as asked, volumes with their
 * name and host directory. Kept in the container's record, so anonymous volumes keep their
 * generated names across restarts and {@code --volumes-from} can copy them.
 *
 * @param type bind, volume or tmpfs
 * @param name the volume's name; empty for binds and tmpfs
 * @param source the host directory mounted (empty for tmpfs)
 * @param mode what inspect shows as Mode (Docker shows "z" for {@code -v} volumes)
 * @param copyData fill an empty volume with the image's content at the destination on start
 * @param anonymous the volume was made for this container and goes with {@code rm -v}
 *     <p>Its fields are stored with the container, whose mapper sees public fields only: they
 *     are made visible here, or a record written before a restart reads back empty.
 */
@com.fasterxml.jackson.annotation.JsonAutoDetect(
    fieldVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY,
    creatorVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY)
public record MountPoint(String type, String name, String source, String destination, boolean rw, String mode,
    List<String> options, boolean copyData, boolean anonymous) {
  public MountPoint {
    options = options == null ? List.of() : List.copyOf(options);
    name = name == null ? "" : name;
    mode = mode == null ? "" : mode;
  }

  boolean volume() {
    return type.equals("volume");
  }

  MountPoint withRw(boolean newRw) {
    String newMode = newRw ? mode.replace("ro", "").replace(",,", ",") : (mode.isEmpty() ? "ro" : mode);
    return new MountPoint(type, name, source, destination, newRw, newMode, options, false, anonymous);
  }
}
