package dev.berth.cli.command;

import dev.berth.cli.format.Human;
import java.util.List;
import java.util.Map;

/**
 * What docker prints after a prune: "Deleted &lt;what&gt;:" with one line per removed object and a
 * blank line, then the space reclaimed.
 */
public final class PruneReport {
  private PruneReport() {}

  /** The report for an answer whose removed objects are listed under {@code listKey}. */
  public static String of(Map<?, ?> answer, String listKey, String heading) {
    StringBuilder sb = new StringBuilder();
    if (answer != null && answer.get(listKey) instanceof List<?> l && !l.isEmpty()) {
      sb.append(heading).append(":\n");
      l.forEach(o -> sb.append(o).append('\n'));
      sb.append('\n');
    }
    long space = answer != null && answer.get("SpaceReclaimed") instanceof Number n ? n.longValue() : 0;
    return sb.append("Total reclaimed space: ").append(Human.size(space)).append('\n').toString();
  }
}
