package dev.berth.compose.engine;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code up}, {@code down} and the other project commands report as each resource changes
 * state, drawn as compose v2 draws it: on a terminal a {@code [+] Running n/m} block redrawn in
 * place with one line per resource and its elapsed time; otherwise one line per change,
 * {@code  Container proj-web-1  Started}.
 */
public final class Progress {
  private final PrintStream err;
  private final boolean tty;
  private final Map<String, Row> rows = new LinkedHashMap<>();
  private int drawn;
  private String title = "Running";

  private static final class Row {
    final String id;
    String status;
    boolean done;
    boolean failed;
    final long start = System.nanoTime();
    long end;

    Row(String id) {
      this.id = id;
    }
  }

  public Progress(PrintStream err, boolean tty) {
    this.err = err;
    this.tty = tty;
  }

  /** A state on its way ({@code Creating}, {@code Starting}, {@code Stopping}...). */
  public synchronized void working(String kind, String name, String status) {
    update(kind + " " + name, status, false, false);
  }

  /** A state reached ({@code Created}, {@code Started}, {@code Removed}, {@code Running}...). */
  public synchronized void done(String kind, String name, String status) {
    update(kind + " " + name, status, true, false);
  }

  public synchronized void failed(String kind, String name, String status) {
    update(kind + " " + name, status, true, true);
  }

  public synchronized void title(String t) {
    this.title = t;
  }

  private void update(String id, String status, boolean done, boolean failed) {
    Row r = rows.computeIfAbsent(id, Row::new);
    r.status = status;
    r.done = done;
    r.failed = failed;
    if (done) {
      r.end = System.nanoTime();
    }
    if (!tty) {
      err.println(" " + id + "  " + status);
      return;
    }
    redraw();
  }

  private void redraw() {
    StringBuilder sb = new StringBuilder();
    if (drawn > 0) {
      sb.append("\033[").append(drawn).append('A');
    }
    int finished = 0;
    int width = 0;
    for (Row r : rows.values()) {
      finished += r.done ? 1 : 0;
      width = Math.max(width, r.id.length() + r.status.length() + 2);
    }
    sb.append("\r\033[2K").append("\033[34m[+] ").append(title).append(' ').append(finished).append('/').append(rows.size())
        .append("\033[0m\n");
    List<Row> list = new ArrayList<>(rows.values());
    for (Row r : list) {
      String mark = r.failed ? "\033[31m ✘\033[0m" : r.done ? "\033[32m ✔\033[0m" : " ⠿";
      double secs = ((r.done ? r.end : System.nanoTime()) - r.start) / 1e9;
      String line = r.id + "  " + r.status;
      sb.append("\r\033[2K").append(mark).append(' ').append(line).append(" ".repeat(Math.max(1, width - line.length() + 8)))
          .append(String.format("%.1fs ", secs)).append('\n');
    }
    drawn = list.size() + 1;
    err.print(sb);
    err.flush();
  }
}
