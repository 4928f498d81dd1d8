package dev.berth.daemon.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * The group that may use the API socket, as dockerd's {@code -G/--group} chooses it: the socket is
 * {@code root:<group>} with mode 0660, so members of that group can use Berth without sudo. With
 * no flag the group is {@code berth} when the host has one and root otherwise (so only root can
 * connect); a group named on the command line that does not exist stops the start, because
 * quietly falling back would leave the operator believing their users have access, or not.
 * Names and numeric ids are both accepted, as dockerd accepts them.
 */
public record SocketGroup(int gid, String name) {
  public static final String DEFAULT = "berth";
  private static final Path GROUPS = Path.of("/etc/group");

  /** The group for {@code requested} (null when -G was not given, "" for root). */
  public static SocketGroup resolve(String requested) throws IOException {
    return resolve(requested, Files.exists(GROUPS) ? Files.readAllLines(GROUPS) : List.of());
  }

  static SocketGroup resolve(String requested, List<String> groupFile) {
    if (requested != null && requested.isEmpty()) {
      return new SocketGroup(0, "root");
    }
    String name = requested == null ? DEFAULT : requested;
    OptionalInt gid = lookup(name, groupFile);
    if (gid.isPresent()) {
      return new SocketGroup(gid.getAsInt(), name);
    }
    if (name.matches("[0-9]{1,9}")) {
      return new SocketGroup(Integer.parseInt(name), name);
    }
    if (requested == null) {
      return new SocketGroup(0, "root");
    }
    throw new IllegalArgumentException("group " + name + " not found: create it (groupadd " + name
        + ") or name another with -G");
  }

  private static OptionalInt lookup(String name, List<String> groupFile) {
    for (String line : groupFile) {
      String[] f = line.split(":", -1);
      if (f.length >= 3 && f[0].equals(name)) {
        try {
          return OptionalInt.of(Integer.parseInt(f[2]));
        } catch (NumberFormatException e) {
          return OptionalInt.empty();
        }
      }
    }
    return OptionalInt.empty();
  }

  /** Gives the socket to root and this group, read-write for both and nothing for others. */
  void apply(Path socket) throws IOException {
    Files.setAttribute(socket, "unix:uid", 0, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(socket, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
  }
}
