package dev.berth.daemon.container;

import dev.berth.daemon.server.ApiException;
import dev.berth.daemon.sys.CommandRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code docker top}: runs the host's {@code ps} with the client's options and keeps only the rows
 * whose PID belongs to the container, which is how Docker does it too.
 */
final class ProcessTable {
  private ProcessTable() {}

  static Map<String, Object> of(List<Integer> pids, String psArgs) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("ps");
    cmd.addAll(Arrays.asList(psArgs.strip().split("\\s+")));
    CommandRunner.Result r = CommandRunner.run(cmd, 10);
    if (!r.ok()) {
      throw ApiException.internal("ps: " + (r.stderr() + r.stdout()).strip());
    }
    String out = r.stdout();
    String[] lines = out.split("\n");
    if (lines.length == 0 || lines[0].isBlank()) {
      throw ApiException.internal("ps printed nothing");
    }
    List<String> titles = Arrays.asList(lines[0].strip().split("\\s+"));
    int pidColumn = titles.indexOf("PID");
    if (pidColumn < 0) {
      throw ApiException.internal("Couldn't find PID field in ps output");
    }
    Set<String> wanted = pids.stream().map(String::valueOf).collect(Collectors.toSet());
    List<List<String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      // the last column (the command) may hold spaces: split into as many fields as there are titles
      String[] fields = lines[i].strip().split("\\s+", titles.size());
      if (fields.length > pidColumn && wanted.contains(fields[pidColumn])) {
        rows.add(Arrays.asList(fields));
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("Titles", titles);
    result.put("Processes", rows);
    return result;
  }
}
