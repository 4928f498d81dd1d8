package dev.berth.compose.engine;

import dev.berth.api.StreamFrames;
import dev.berth.cli.client.HttpResponse;
import dev.berth.cli.client.Query;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several containers' logs interleaved line by line, each line prefixed {@code web-1  | } (the
 * prefixes padded to one width, coloured in compose's cycle on a terminal), one reader thread per
 * container. Used by {@code logs} and by attached {@code up}.
 */
public final class LogPrinter {
  private static final String[] COLOURS = {"36", "33", "32", "35", "34", "96", "93", "92", "95", "94"};

  private final Engine engine;
  private final PrintStream out;
  private final boolean colour;
  private final boolean prefix;
  private int width;
  private final List<Thread> readers = new ArrayList<>();
  private int next;

  public LogPrinter(Engine engine, PrintStream out, boolean colour, boolean prefix) {
    this.engine = engine;
    this.out = out;
    this.colour = colour;
    this.prefix = prefix;
  }

  /** Makes every prefix at least as wide as the longest of these names. */
  public void widen(List<String> names) {
    for (String n : names) {
      width = Math.max(width, n.length() + 1);
    }
  }

  /** The name compose shows for a container: {@code svc-N}, or its container_name. */
  public static String displayName(Map<String, Object> c, String project) {
    String name = ProjectContainers.name(c);
    String svc = ProjectContainers.service(c);
    String num = ProjectContainers.label(c, Labels.NUMBER);
    if (name.equals(project + "-" + svc + "-" + num)) {
      return svc + "-" + num;
    }
    return name;
  }

  /** Starts reading one container's log; {@code query} holds follow, tail, since, timestamps. */
  public synchronized void follow(String id, String name, boolean tty, String query) {
    String colourCode = COLOURS[next++ % COLOURS.length];
    widen(List.of(name));
    Thread t = Thread.ofVirtual().start(() -> {
      try (HttpResponse r = engine.client().open("GET", "/containers/" + Query.segment(id) + "/logs?stdout=1&stderr=1" + query)) {
        pump(r.body(), tty, name, colourCode);
      } catch (IOException | RuntimeException e) {
        // the container went away or the connection closed: its log simply ends
      }
    });
    readers.add(t);
  }

  public void join() throws InterruptedException {
    List<Thread> copy;
    synchronized (this) {
      copy = new ArrayList<>(readers);
    }
    for (Thread t : copy) {
      t.join();
    }
  }

  private void pump(InputStream in, boolean tty, String name, String colourCode) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    if (tty) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        split(buf, n, line, name, colourCode);
      }
    } else {
      StreamFrames.Frame f;
      while ((f = StreamFrames.read(in)) != null) {
        byte[] p = f.payload();
        split(p, p.length, line, name, colourCode);
      }
    }
    if (line.size() > 0) {
      emit(name, line.toString(StandardCharsets.UTF_8), colourCode);
    }
  }

  private void split(byte[] buf, int n, ByteArrayOutputStream line, String name, String colourCode) {
    for (int i = 0; i < n; i++) {
      if (buf[i] == '\n') {
        String s = line.toString(StandardCharsets.UTF_8);
        if (s.endsWith("\r")) {
          s = s.substring(0, s.length() - 1);
        }
        emit(name, s, colourCode);
        line.reset();
      } else {
        line.write(buf[i]);
      }
    }
  }

  /** One line of output with the container's prefix. */
  public synchronized void emit(String name, String text, String colourCode) {
    if (!prefix) {
      out.println(text);
    } else {
      String p = name + " ".repeat(Math.max(0, width - name.length())) + " | ";
      out.println(colour ? "\033[" + colourCode + "m" + p + "\033[0m" + text : p + text);
    }
    out.flush();
  }

  /** A line of compose's own about a container ({@code web-1 exited with code 0}). */
  public synchronized void notice(String text) {
    out.println(text);
    out.flush();
  }
}
