package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.daemon.server.ApiException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --group-add}: supplementary groups for the container's process. Names mean what the
 * container's own /etc/group says (as for {@code --user}); numbers are taken as they are, even
 * when no group has them, as Docker does.
 */
final class GroupAdd {
  private GroupAdd() {}

  static List<Integer> resolve(Path rootfs, JsonNode hostConfig) throws IOException {
    List<Integer> out = new ArrayList<>();
    JsonNode list = hostConfig.path("GroupAdd");
    if (!list.isArray() || list.isEmpty()) {
      return out;
    }
    List<String[]> groups = UserResolver.table(rootfs.resolve("etc/group"), 4);
    for (JsonNode n : list) {
      String g = n.asText("").strip();
      Integer gid = null;
      if (g.matches("[0-9]{1,10}")) {
        long v = Long.parseLong(g);
        if (v > Integer.MAX_VALUE) {
          throw ApiException.badRequest("invalid group id " + g);
        }
        gid = (int) v;
      } else {
        for (String[] row : groups) {
          if (row[0].equals(g)) {
            gid = Integer.parseInt(row[2]);
            break;
          }
        }
      }
      if (gid == null) {
        throw ApiException.badRequest("Unable to find group " + g + ": no matching entries in group file");
      }
      if (!out.contains(gid)) {
        out.add(gid);
      }
    }
    return out;
  }
}
