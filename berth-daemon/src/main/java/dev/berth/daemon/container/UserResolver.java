package dev.berth.daemon.container;

import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Docker {@code User} value ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid})
 * into numeric IDs by reading the container's own /etc/passwd and /etc/group, as Docker does: the
 * names mean what the image says they mean, not what the host says.
 */
public final class UserResolver {
  /** Numeric IDs and the home directory a User value names. */
  public record Ids(int uid, int gid, List<Integer> additionalGids, String home) {}

  private UserResolver() {}

  public static Ids resolve(Path rootfs, String user) throws IOException {
    String spec = user == null ? "" : user.strip();
    if (spec.isEmpty()) {
      spec = "0";
    }
    String userPart = spec;
    String groupPart = null;
    int colon = spec.indexOf(':');
    if (colon >= 0) {
      userPart = spec.substring(0, colon);
      groupPart = spec.substring(colon + 1);
      if (userPart.isEmpty()) {
        userPart = "0";
      }
    }
    List<String[]> passwd = table(rootfs.resolve("etc/passwd"), 7);
    List<String[]> groups = table(rootfs.resolve("etc/group"), 4);
    Integer uid = null;
    Integer gid = null;
    String home = "/";
    String userName = null;
    for (String[] p : passwd) {
      if (p[0].equals(userPart) || (isNumber(userPart) && p[2].equals(userPart))) {
        uid = parse(p[2]);
        gid = parse(p[3]);
        home = p[5].isEmpty() ? "/" : p[5];
        userName = p[0];
        break;
      }
    }
    if (uid == null) {
      if (!isNumber(userPart)) {
        throw ApiException.badRequest("unable to find user " + userPart + ": no matching entries in passwd file");
      }
      uid = parse(userPart);
      gid = 0;
    }
    if (groupPart != null && !groupPart.isEmpty()) {
      Integer g = null;
      for (String[] gr : groups) {
        if (gr[0].equals(groupPart) || (isNumber(groupPart) && gr[2].equals(groupPart))) {
          g = parse(gr[2]);
          break;
        }
      }
      if (g == null) {
        if (!isNumber(groupPart)) {
          throw ApiException.badRequest("unable to find group " + groupPart + ": no matching entries in group file");
        }
        g = parse(groupPart);
      }
      gid = g;
    }
    List<Integer> extra = new ArrayList<>();
    if (userName != null && groupPart == null) {
      for (String[] gr : groups) {
        for (String member : gr[3].split(",")) {
          int g = parse(gr[2]);
          if (member.equals(userName) && g != gid && !extra.contains(g)) {
            extra.add(g);
          }
        }
      }
    }
    return new Ids(uid, gid, extra, home);
  }

  static List<String[]> table(Path file, int fields) throws IOException {
    List<String[]> rows = new ArrayList<>();
    // the file is inside the container: read it only when it is a regular file, never through a link
    if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return rows;
    }
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(":", -1);
      if (parts.length < fields - 1 || parse(parts[2]) < 0) {
        continue;
      }
      String[] row = new String[fields];
      for (int i = 0; i < fields; i++) {
        row[i] = i < parts.length ? parts[i] : "";
      }
      rows.add(row);
    }
    return rows;
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 10;
  }

  private static int parse(String s) {
    return isNumber(s) ? Integer.parseInt(s) : -1;
  }
}
